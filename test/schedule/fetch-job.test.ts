import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { createFetchJob } from '../../src/schedule/fetch-job.ts';
import type { Store } from '../../src/store/index.ts';
import { type FixtureServer, readSourceFixture, startFixtureServer } from '../helpers/fixture-server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';

describe('the daemon fetch job', () => {
  let server: FixtureServer;
  let database: TestDatabase;
  let store: Store;
  let dir: string;
  let clock: number;
  const events: { event: string; [key: string]: unknown }[] = [];

  beforeEach(async () => {
    server = await startFixtureServer();
    dir = mkdtempSync(join(tmpdir(), 'paperboy-fetch-job-'));
    database = createTestDatabase('sqlite');
    store = await database.open();
    clock = Date.parse('2024-03-12T03:30:00Z');
    events.length = 0;
    server.route('/api/daily_papers', {
      headers: { 'content-type': 'application/json' },
      body: readSourceFixture('hf-daily-papers.json'),
    });
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function createJob() {
    const config = loadConfig({
      SOURCES: `hf-daily,jmlr=feed:${server.url}/jmlr.xml`,
      HF_DAILY_URL: `${server.url}/api/daily_papers`,
      DIGESTS_DIR: join(dir, 'digests'),
      FETCH_CONTACT: 'ops@example.org',
    });
    const log = (details: object) => events.push(details as { event: string });
    return createFetchJob({
      config,
      store,
      clock: () => new Date(clock),
      logger: { info: log, warn: log },
      owner: 'daemon',
      random: () => 0.5,
      http: {
        nowMs: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
        random: () => 0.5,
      },
    });
  }

  it('ingests what it fetched at once, logs a failing source and retries it later until it works', async () => {
    server.route('/jmlr.xml', { status: 503, body: 'down for maintenance' });
    const job = createJob();
    const report = await job.run('start');
    expect(report?.results.map((r) => [r.source, r.status])).toEqual([
      ['hf-daily', 'written'],
      ['jmlr', 'failed'],
    ]);
    // The good source is in the store right away, without waiting for the digest watcher.
    expect(await store.papers.countPapers()).toBe(4);
    expect(events.map((e) => e.event)).toEqual([
      'fetch.completed',
      'digest.ingested',
      'fetch.failed',
      'fetch.retry_scheduled',
    ]);
    expect(events[2]).toMatchObject({
      source: 'jmlr',
      requests: 5,
      message: expect.stringMatching(/HTTP 503/),
    });
    const retryAt = job.nextRetryAt() as number;
    expect(retryAt - clock).toBe(300_000); // five minutes with the jitter's middle value

    const requests = server.requests.length;
    clock = retryAt - 1000;
    await job.retryIfDue();
    expect(server.requests.length).toBe(requests);

    server.route('/jmlr.xml', {
      headers: { 'content-type': 'application/rss+xml' },
      body: readSourceFixture('jmlr-rss.xml'),
    });
    clock = retryAt;
    await job.retryIfDue();
    // hf-daily was done for the day; only the feed is asked again.
    expect(server.requests.slice(requests).map((r) => r.path)).toEqual(['/jmlr.xml']);
    expect(await store.papers.countPapers()).toBe(7);
    expect(job.nextRetryAt()).toBeUndefined();
    expect(existsSync(join(dir, 'digests', '2024-03-11-jmlr.json'))).toBe(true);
  });

  it("waits at least as long as the server's Retry-After before the next run", async () => {
    server.route('/jmlr.xml', { status: 429, headers: { 'retry-after': '7200' }, body: '' });
    const job = createJob();
    await job.run('cron');
    expect((job.nextRetryAt() as number) - clock).toBe(7_200_000);
  });

  it('shares one run between triggers that arrive together', async () => {
    server.route('/jmlr.xml', {
      headers: { 'content-type': 'application/rss+xml' },
      body: readSourceFixture('jmlr-rss.xml'),
    });
    const job = createJob();
    const [a, b] = await Promise.all([job.run('start'), job.run('cron')]);
    expect(a).toBe(b);
    expect(server.requestsTo('/api/daily_papers')).toHaveLength(1);
  });
});
