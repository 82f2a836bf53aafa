import { setTimeout as wait } from 'node:timers/promises';
import cron, { type ScheduledTask } from 'node-cron';
import { AppError } from '../errors/index.ts';

/**
 * A recurring job of the daemon: a poll every `everyMs` (the digest watcher, the scheduler tick),
 * or a calendar job on a cron expression, optionally in a time zone (a daily fetch at 06:00).
 */
export type DaemonJob = { name: string; run: () => Promise<unknown> } & (
  | { everyMs: number }
  | { cron: string; timezone?: string }
);

export interface DaemonJobLogger {
  error(details: object, message: string): void;
}

export interface RunningJobs {
  /** Stops every job and resolves once runs in progress have finished. */
  stop(): Promise<void>;
}

/** Runs a job once; a failure is logged as `<name>.failed` and never escapes, so the daemon keeps running. */
export async function runDaemonJob(job: DaemonJob, logger: DaemonJobLogger): Promise<void> {
  try {
    await job.run();
  } catch (error) {
    logger.error({ event: `${job.name}.failed`, err: error }, `${job.name} failed`);
  }
}

/**
 * Starts the jobs. A poll waits `everyMs` after each run ends, so runs never overlap and a slow run
 * is not followed by a burst. A calendar job is a node-cron task (`noOverlap`); node-cron does not
 * catch up runs missed while the process was down, which is why slots live in the database.
 *
 * @example
 * const jobs = startDaemonJobs([{ name: 'watcher', everyMs: 2000, run: poll }, { name: 'fetch', cron: '0 6 * * *', run: fetch }], logger);
 * await jobs.stop();
 */
export function startDaemonJobs(jobs: readonly DaemonJob[], logger: DaemonJobLogger): RunningJobs {
  for (const job of jobs) {
    if ('cron' in job && !cron.validate(job.cron)) {
      throw new AppError('CONFIG_INVALID', `${job.name}: "${job.cron}" is not a valid cron expression`);
    }
  }
  const stopping = new AbortController();
  const running: Promise<void>[] = [];
  const tasks: ScheduledTask[] = [];
  for (const job of jobs) {
    if ('everyMs' in job) {
      running.push(pollEvery(job, job.everyMs, logger, stopping.signal));
      continue;
    }
    tasks.push(
      cron.schedule(
        job.cron,
        async () => {
          const run = runDaemonJob(job, logger);
          running.push(run);
          await run;
          running.splice(running.indexOf(run), 1);
        },
        { name: job.name, noOverlap: true, ...(job.timezone ? { timezone: job.timezone } : {}) },
      ),
    );
  }
  return {
    async stop() {
      stopping.abort();
      for (const task of tasks) await task.destroy();
      await Promise.all(running);
    },
  };
}

async function pollEvery(job: DaemonJob, everyMs: number, logger: DaemonJobLogger, signal: AbortSignal) {
  while (!signal.aborted) {
    const aborted = await wait(everyMs, false, { signal }).catch(() => true);
    if (aborted) return;
    await runDaemonJob(job, logger);
  }
}
