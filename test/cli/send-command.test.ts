import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.ts';
import {
  openTestDatabase,
  type SmtpSink,
  seedSubscribers,
  startSmtpSink,
  type TestDatabase,
} from '../delivery/delivery-harness.ts';
import { captureOutput } from '../helpers/run-captured.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(sinkOptions: Parameters<typeof startSmtpSink>[0]): Promise<{
  db: TestDatabase;
  sink: SmtpSink;
  env: Record<string, string>;
}> {
  const db = await openTestDatabase('sqlite');
  cleanups.push(db.cleanup);
  const sink = await startSmtpSink(sinkOptions);
  cleanups.push(sink.close);
  return {
    db,
    sink,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      SMTP_URL: sink.url,
      SMTP_POOL_SIZE: '1',
      RETRY_BASE_SECONDS: '3600',
      MAX_CONSECUTIVE_ERRORS: '3',
    },
  };
}

/** Runs one command in-process and reads the JSON log lines it wrote to stderr. */
async function run(argv: string[], env: Record<string, string>, stop?: AbortController) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await runCli(argv, {
    env,
    stdout,
    stderr,
    clock: () => new Date(),
    stopSignal: (stop ?? new AbortController()).signal,
  });
  const events = stderr.text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { event?: string; level: number; deliveryId?: number });
  return { code, out: stdout.text, err: stderr.text, events };
}

describe('paperboy send and paperboy worker log delivery events', () => {
  it('send logs delivery.failed for a refused address on stderr', async () => {
    const { db, env } = await setUp({
      onRecipient: (address) =>
        address === 'reader00001@example.org' ? { code: 550, message: 'no such user' } : undefined,
    });
    await seedSubscribers(db.store, 3);
    const result = await run(['send'], env);
    expect(result.code).toBe(0);
    expect(result.out).toContain('sent 2 · deferred 0 · failed 1');
    const failed = result.events.filter((e) => e.event === 'delivery.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ outcome: 'failed', response: expect.stringContaining('550') });
  });

  it('send logs send.paused when the relay keeps failing', async () => {
    const { db, env } = await setUp({ onMessage: () => ({ code: 421, message: 'try later' }) });
    await seedSubscribers(db.store, 6);
    const result = await run(['send'], env);
    expect(result.code).toBe(1);
    expect(result.events.filter((e) => e.event === 'delivery.failed').length).toBeGreaterThanOrEqual(3);
    expect(result.events.find((e) => e.event === 'send.paused')).toMatchObject({
      response: expect.stringContaining('421'),
    });
  });

  it('worker logs delivery.failed and send.paused on stderr', async () => {
    const { db, env } = await setUp({ onMessage: () => ({ code: 421, message: 'try later' }) });
    await seedSubscribers(db.store, 6);
    // `send --limit 1` freezes the edition; its one failure leaves the rest for the worker.
    await run(['send', '--limit', '1'], env);
    const result = await run(['worker'], env);
    expect(result.code).toBe(1);
    expect(result.err).toContain('worker paused after 3 consecutive errors');
    expect(result.events.filter((e) => e.event === 'delivery.failed').length).toBeGreaterThanOrEqual(3);
    expect(result.events.some((e) => e.event === 'send.paused')).toBe(true);
  });
});
