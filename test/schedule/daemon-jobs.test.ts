import { describe, expect, it } from 'vitest';
import { startDaemonJobs } from '../../src/schedule/daemon-jobs.ts';
import { waitFor } from '../helpers/wait-for.ts';

function recordingLogger() {
  const errors: { event?: string }[] = [];
  return { errors, error: (details: { event?: string }) => errors.push(details) };
}

describe('daemon jobs', () => {
  it('repeats a poll without ever overlapping two runs, and stop waits for the run in progress', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let finished = 0;
    const jobs = startDaemonJobs(
      [
        {
          name: 'poll',
          everyMs: 5,
          run: async () => {
            active++;
            maxActive = Math.max(maxActive, active);
            runs++;
            await new Promise((done) => setTimeout(done, 20));
            active--;
            finished++;
          },
        },
      ],
      recordingLogger(),
    );
    await waitFor(() => runs >= 3, 10_000);
    await jobs.stop();
    expect(maxActive).toBe(1);
    expect(finished).toBe(runs);
    const after = runs;
    await new Promise((done) => setTimeout(done, 50));
    expect(runs).toBe(after);
  });

  it('logs a failed run as <name>.failed and keeps the job going', async () => {
    const logger = recordingLogger();
    let runs = 0;
    const jobs = startDaemonJobs(
      [
        {
          name: 'flaky',
          everyMs: 5,
          run: async () => {
            runs++;
            throw new Error('disk on fire');
          },
        },
      ],
      logger,
    );
    await waitFor(() => runs >= 3, 10_000);
    await jobs.stop();
    expect(logger.errors.length).toBeGreaterThanOrEqual(3);
    expect(logger.errors[0]).toMatchObject({ event: 'flaky.failed' });
  });

  it('runs a calendar job on its cron expression (node-cron, in a time zone)', async () => {
    let runs = 0;
    const jobs = startDaemonJobs(
      [{ name: 'fetch', cron: '* * * * * *', timezone: 'Europe/Berlin', run: async () => void runs++ }],
      recordingLogger(),
    );
    try {
      await waitFor(() => runs >= 1, 10_000);
    } finally {
      await jobs.stop();
    }
    expect(runs).toBeGreaterThanOrEqual(1);
  });

  it('refuses a cron expression that is not one, naming the job', () => {
    expect(() =>
      startDaemonJobs([{ name: 'fetch', cron: 'every day', run: async () => {} }], recordingLogger()),
    ).toThrow(/fetch: "every day" is not a valid cron expression/);
  });
});
