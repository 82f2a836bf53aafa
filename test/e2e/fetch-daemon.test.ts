import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import {
  arxivApi,
  type FixtureServer,
  readSourceFixture,
  startFixtureServer,
  withEtag,
} from '../helpers/fixture-server.ts';
import { findFreePort } from '../helpers/free-port.ts';
import { type PaperboyProcess, spawnPaperboy } from '../helpers/paperboy-process.ts';
import { subscriberFields } from '../helpers/run-captured.ts';
import { waitFor } from '../helpers/wait-for.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('paperboy start with SOURCES (real process, local fixture server)', () => {
  let server: FixtureServer;
  let dir: string;
  let store: Store;
  let env: Record<string, string>;
  let daemon: PaperboyProcess | undefined;

  beforeAll(async () => {
    server = await startFixtureServer();
    server.route(
      '/api/daily_papers',
      withEtag('"hf"', {
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: readSourceFixture('hf-daily-papers.json'),
      }),
    );
    server.route('/api/query', arxivApi(readSourceFixture('arxiv-api-page.xml')));
    server.route('/jmlr.xml', {
      headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
      body: readSourceFixture('jmlr-rss.xml'),
    });
    // /gone.xml is not routed: it answers 404, which is not retried.

    dir = mkdtempSync(join(tmpdir(), 'paperboy-e2e-fetch-'));
    mkdirSync(join(dir, 'digests'));
    const port = await findFreePort();
    env = {
      DATABASE_URL: join(dir, 'paperboy.db'),
      DIGESTS_DIR: join(dir, 'digests'),
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DEVMAIL_PORT: '0',
      LOG_LEVEL: 'info',
      SOURCES: `hf-daily,arxiv:cs.LG+stat.ML,jmlr=feed:${server.url}/jmlr.xml,gone=feed:${server.url}/gone.xml`,
      HF_DAILY_URL: `${server.url}/api/daily_papers`,
      ARXIV_API_URL: `${server.url}/api/query`,
      FETCH_CONTACT: 'ops@example.org',
    };
    // A slot stays open for an hour; do not start in the last minutes of one.
    const minute = new Date().getUTCMinutes();
    if (minute >= 57) await sleep((61 - minute) * 60_000);
    store = await openStore(env.DATABASE_URL as string);
    await store.subscribers.insert(
      subscriberFields({
        email: 'reader@example.com',
        topics: ['conformal prediction'],
        hour: new Date().getUTCHours(),
      }),
      { now: new Date(), source: 'cli' },
    );
  }, 300_000);

  afterAll(async () => {
    await daemon?.stop('SIGKILL');
    await store?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches at start and the subscriber receives papers that were fetched, not dropped', async () => {
    daemon = spawnPaperboy(['start'], env);
    await daemon.waitForLine(/"event":"paperboy\.started"/);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

    // Every source was asked before the daemon said it was running; the broken one did not stop it.
    expect(daemon.output()).toMatch(/"event":"fetch\.completed".*"source":"hf-daily".*"status":"written"/);
    expect(daemon.output()).toMatch(/"event":"fetch\.completed".*"source":"jmlr".*"status":"written"/);
    expect(daemon.output()).toMatch(/"event":"fetch\.failed".*"source":"gone".*HTTP 404/);
    const hf = server.requestsTo('/api/daily_papers')[0];
    expect(hf?.query.get('date')).toBe(yesterday);
    expect(hf?.headers['user-agent']).toMatch(/^Paperboy\/.+ \(mailto:ops@example\.org\)$/);
    expect(existsSync(join(env.DIGESTS_DIR as string, `${yesterday}-hf-daily.json`))).toBe(true);

    await waitFor(async () => (await store.outbox.list({ to: 'reader@example.com' })).length > 0, 60_000);
    const [issue] = await store.outbox.list({ to: 'reader@example.com' });
    expect(issue?.subject).toMatch(/conformal prediction/);
    const message = await simpleParser((await store.outbox.get(issue?.id as number))?.raw ?? '');
    expect(message.text).toContain('A Tutorial on Conformal Prediction');

    expect(await daemon.stop('SIGTERM')).toBe(0);
  }, 180_000);
});
