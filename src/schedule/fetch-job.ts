import type { Config } from '../config/index.ts';
import { computeRetryDelay } from '../delivery/compute-retry-delay.ts';
import { ingestDigestFile } from '../ingest/index.ts';
import { type FetchReport, fetchSources, type HttpDeps } from '../sources/index.ts';
import type { Store } from '../store/index.ts';
import type { DaemonJob } from './daemon-jobs.ts';
import type { ScheduleLogger } from './run-schedule-tick.ts';

export interface FetchJobDeps {
  config: Config;
  store: Store;
  clock: () => Date;
  logger: ScheduleLogger;
  /** Names this process in the fetch lease. */
  owner: string;
  /** Aborts a fetch in progress (daemon shutdown). */
  signal?: AbortSignal;
  http?: Partial<HttpDeps>;
  random?: () => number;
}

/** First retry of a failed run after about five minutes, then 10, 20, 40… (with jitter). */
const retryBaseSeconds = 300;

/**
 * The daemon's fetching: one run fetches every source for the days it has not completed (yesterday,
 * plus days missed while down, up to a week), ingests the files it wrote at once, and after a failure
 * schedules another run with backoff (or the server's Retry-After), until one succeeds. A failure is
 * logged and never thrown: sending what is already stored goes on regardless.
 */
export type FetchJob = ReturnType<typeof createFetchJob>;

export function createFetchJob(deps: FetchJobDeps) {
  let running: Promise<FetchReport | undefined> | undefined;
  let failedRuns = 0;
  let retryAt: number | undefined;

  function scheduleRetry(retryAfterMs: number | undefined): void {
    failedRuns++;
    const delay = Math.max(computeRetryDelay(failedRuns, retryBaseSeconds, deps.random), retryAfterMs ?? 0);
    retryAt = deps.clock().getTime() + delay;
    deps.logger.warn(
      { event: 'fetch.retry_scheduled', at: new Date(retryAt).toISOString(), failedRuns },
      'fetch will be retried',
    );
  }

  async function runOnce(reason: string): Promise<FetchReport | undefined> {
    let report: FetchReport;
    try {
      report = await fetchSources(
        {
          config: deps.config,
          store: deps.store,
          clock: deps.clock,
          owner: deps.owner,
          ...(deps.signal ? { signal: deps.signal } : {}),
          ...(deps.http ? { http: deps.http } : {}),
        },
        { catchUp: true },
      );
    } catch (error) {
      deps.logger.warn({ event: 'fetch.failed', reason, err: error }, 'fetch run failed');
      scheduleRetry(undefined);
      return undefined;
    }
    if (report.busy) {
      deps.logger.info({ event: 'fetch.busy', reason }, 'another process is fetching; trying again later');
      scheduleRetry(undefined);
      return report;
    }
    for (const r of report.results) {
      const details = {
        source: r.source,
        date: r.date,
        status: r.status,
        papers: r.papers,
        requests: r.requests,
        bytes: r.bytes,
        file: r.file,
        message: r.message,
      };
      if (r.status === 'failed')
        deps.logger.warn({ event: 'fetch.failed', reason, ...details }, 'fetch failed');
      else deps.logger.info({ event: 'fetch.completed', reason, ...details }, `fetch ${r.status}`);
      if (r.status !== 'written' || !r.file) continue;
      // Ingest now rather than waiting for the watcher, so the scheduler's next tick sees the papers.
      const ingested = await ingestDigestFile(deps.store, r.file, deps.clock());
      deps.logger.info(
        {
          event: ingested.status === 'error' ? 'digest.failed' : 'digest.ingested',
          file: ingested.path,
          papers: ingested.papers,
          new: ingested.newPapers,
          date: ingested.date,
          error: ingested.error,
        },
        `fetched digest ingested: ${ingested.status}`,
      );
    }
    const failed = report.results.filter((r) => r.status === 'failed');
    if (failed.length > 0) {
      scheduleRetry(Math.max(0, ...failed.map((r) => r.retryAfterMs ?? 0)));
    } else {
      failedRuns = 0;
      retryAt = undefined;
    }
    return report;
  }

  /** One run; triggers that arrive while a run is going share it. */
  function run(reason: string): Promise<FetchReport | undefined> {
    running ??= runOnce(reason).finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    run,
    /** Runs again when a scheduled retry has come. */
    async retryIfDue(): Promise<void> {
      if (retryAt === undefined || deps.clock().getTime() < retryAt) return;
      retryAt = undefined;
      await run('retry');
    },
    /** When the next retry is due (epoch ms), if one is scheduled. */
    nextRetryAt: (): number | undefined => retryAt,
    /** Resolves once a run in progress has finished. */
    idle: async (): Promise<void> => {
      await running?.catch(() => {});
    },
  };
}

/**
 * The fetch's daemon jobs: a run on FETCH_CRON (UTC), and a check every minute for a due retry.
 * The daemon runs the fetch once itself before the first scheduler tick, so that tick sends what it fetched.
 */
export function listFetchDaemonJobs(job: FetchJob, config: Pick<Config, 'FETCH_CRON'>): DaemonJob[] {
  return [
    { name: 'fetch', cron: config.FETCH_CRON, timezone: 'UTC', run: () => job.run('cron') },
    { name: 'fetch-retry', everyMs: 60_000, run: () => job.retryIfDue() },
  ];
}
