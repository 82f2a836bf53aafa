import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { enqueueEdition } from '../../src/delivery/index.ts';
import { ingestDigestFile } from '../../src/ingest/index.ts';
import { type FetchOptions, fetchSources, type HttpDeps } from '../../src/sources/index.ts';
import type { Store } from '../../src/store/index.ts';
import {
  arxivApi,
  type FixtureServer,
  readSourceFixture,
  startFixtureServer,
  withEtag,
} from '../helpers/fixture-server.ts';
import { subscriberFields } from '../helpers/run-captured.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';

// Tuesday 08:00 UTC: the default date is Monday 2024-03-11, which arXiv announced at 00:00 UTC today.
const now = new Date('2024-03-12T08:00:00Z');
const hfJson = { 'content-type': 'application/json; charset=utf-8' };

/** Waits that advance a fake clock instead of sleeping, and remember how long they were. */
function fakeWaits(startMs = now.getTime()) {
  let clock = startMs;
  const sleeps: number[] = [];
  const http: Partial<HttpDeps> = {
    nowMs: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
  };
  return { http, sleeps };
}

describe.each(testBackends)('fetchSources on %s', (backend) => {
  let server: FixtureServer;
  let database: TestDatabase;
  let store: Store;
  let dir: string;

  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-fetch-'));
    database = createTestDatabase(backend);
    store = await database.open();
    server.reset();
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  function configFor(sources: string, extra: Record<string, string> = {}): Config {
    return loadConfig({
      SOURCES: sources,
      HF_DAILY_URL: `${server.url}/api/daily_papers`,
      ARXIV_API_URL: `${server.url}/api/query`,
      DIGESTS_DIR: join(dir, 'digests'),
      FETCH_CONTACT: 'ops@example.org',
      FETCH_TIMEOUT_SECONDS: '5',
      ...extra,
    });
  }

  async function run(
    config: Config,
    options: FetchOptions = {},
    waits = fakeWaits(),
    extra: { arxivPageSize?: number } = {},
  ) {
    const report = await fetchSources(
      { config, store, clock: () => now, owner: 'test', http: waits.http, ...extra },
      options,
    );
    return { report, results: report.results, result: report.results[0], sleeps: waits.sleeps };
  }

  it('writes the day of Hugging Face papers, then asks again with the ETag and gets 304', async () => {
    server.route(
      '/api/daily_papers',
      withEtag('W/"hf-1"', { headers: hfJson, body: readSourceFixture('hf-daily-papers.json') }),
    );
    const config = configFor('hf-daily');
    const first = await run(config);
    expect(first.result).toMatchObject({ status: 'written', papers: 4, requests: 1, date: '2024-03-11' });
    const file = join(dir, 'digests', '2024-03-11-hf-daily.json');
    expect(first.result?.file).toBe(file);
    const request = server.requestsTo('/api/daily_papers')[0];
    expect(request?.query.get('date')).toBe('2024-03-11');
    expect(request?.headers['user-agent']).toMatch(/^Paperboy\/\d+\.\d+\.\d+ \(mailto:ops@example\.org\)$/);
    expect(request?.headers['if-none-match']).toBeUndefined();

    // The file is an ordinary digest: upvotes, authors, arXiv id and published date survive.
    const ingested = await ingestDigestFile(store, file, now);
    expect(ingested).toMatchObject({
      status: 'ok',
      papers: 4,
      newPapers: 4,
      date: '2024-03-11',
      warnings: [],
    });
    const gemini = (await store.papers.listPapers()).find((p) => p.arxivId === '2403.05530');
    expect(gemini).toMatchObject({ upvotes: 58, publishedAt: '2024-03-08T18:54:20.000Z' });
    expect(gemini?.authors.slice(0, 2)).toEqual(['Machel Reid', 'Nikolay Savinov']);

    const mtime = statSync(file).mtimeMs;
    const again = await run(config, { force: true });
    expect(again.result).toMatchObject({ status: 'not-modified', requests: 1, bytes: 0 });
    expect(server.requestsTo('/api/daily_papers')[1]?.headers['if-none-match']).toBe('W/"hf-1"');
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('does not fetch a source and date twice in a day without --force', async () => {
    server.route('/api/daily_papers', { headers: hfJson, body: readSourceFixture('hf-daily-papers.json') });
    const config = configFor('hf-daily');
    expect((await run(config)).result?.status).toBe('written');
    const second = await run(config);
    expect(second.result).toMatchObject({ status: 'skipped', requests: 0 });
    expect(second.result?.message).toMatch(/already fetched today at 08:00 UTC \(written\); --force/);
    expect(server.requestsTo('/api/daily_papers')).toHaveLength(1);
    // Without validators the forced fetch gets the same bytes: the file is left as it is.
    expect((await run(config, { force: true })).result?.status).toBe('unchanged');
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    server.route(
      '/api/daily_papers',
      { status: 429, headers: { 'retry-after': '7', ...hfJson }, body: '{"error":"Too many requests"}' },
      { headers: hfJson, body: readSourceFixture('hf-daily-papers.json') },
    );
    const { result, sleeps } = await run(configFor('hf-daily'));
    expect(result).toMatchObject({ status: 'written', requests: 2 });
    expect(sleeps).toEqual([7000]);
  });

  it('retries a 503 twice with exponential backoff and jitter, then succeeds', async () => {
    server.route(
      '/api/daily_papers',
      { status: 503, body: 'unavailable' },
      { status: 503, body: 'unavailable' },
      { headers: hfJson, body: readSourceFixture('hf-daily-papers.json') },
    );
    const waits = fakeWaits();
    waits.http.random = () => 0.9; // jitter ×1.4
    const { result, sleeps } = await run(configFor('hf-daily'), {}, waits);
    expect(result).toMatchObject({ status: 'written', requests: 3 });
    expect(sleeps).toEqual([1400, 2800]);
  });

  it('gives up at once when Retry-After is beyond the deadline, and reports it for the next run', async () => {
    server.route('/api/daily_papers', { status: 429, headers: { 'retry-after': '3600' }, body: '' });
    const { result, sleeps } = await run(configFor('hf-daily', { FETCH_DEADLINE_SECONDS: '60' }));
    expect(result).toMatchObject({ status: 'failed', requests: 1, retryAfterMs: 3_600_000 });
    expect(result?.message).toMatch(/HTTP 429.*in 3600 s, from Retry-After\) would pass the deadline/);
    expect(sleeps).toEqual([]);
  });

  it('does not retry a 404, and says what the server said', async () => {
    const { result } = await run(configFor('hf-daily'));
    expect(result).toMatchObject({ status: 'failed', requests: 1 });
    expect(result?.message).toMatch(/HTTP 404 Not Found: Not Found \(not retried\)/);
    expect(server.requestsTo('/api/daily_papers')).toHaveLength(1);
  });

  it('times out a request that never answers, retries, and fails after the last attempt', async () => {
    server.route('/api/daily_papers', { hang: true }, { hang: true }, { headers: hfJson, body: '[]' });
    const config = configFor('hf-daily', { FETCH_TIMEOUT_SECONDS: '0.2' });
    const recovered = await run(config);
    expect(recovered.result).toMatchObject({ status: 'empty', requests: 3 });
    expect(recovered.sleeps).toHaveLength(2);

    server.route('/api/daily_papers', { hang: true });
    const { result } = await run(config, { force: true });
    expect(result).toMatchObject({ status: 'failed', requests: 5 });
    expect(result?.message).toMatch(/no complete response within 0\.2 s \(5 attempts\)/);
    expect(existsSync(join(dir, 'digests'))).toBe(false);
  });

  it('treats a truncated body as a failed attempt, never as a shorter digest', async () => {
    const body = readSourceFixture('hf-daily-papers.json');
    server.route('/api/daily_papers', { headers: hfJson, body, truncateAt: 1500 });
    const failed = (await run(configFor('hf-daily'))).result;
    expect(failed).toMatchObject({ status: 'failed', requests: 5 });
    expect(failed?.message).toMatch(/cut off after 1\.5 kB of \d+\.\d kB \(5 attempts\)/);
    expect(existsSync(join(dir, 'digests'))).toBe(false);

    server.route('/api/daily_papers', { headers: hfJson, body, truncateAt: 1500 }, { headers: hfJson, body });
    expect((await run(configFor('hf-daily'))).result).toMatchObject({
      status: 'written',
      papers: 4,
      requests: 2,
    });
  });

  it('rejects an HTML page instead of JSON without retrying and writes nothing', async () => {
    server.route('/api/daily_papers', {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!doctype html><html><body>Sign in to continue</body></html>',
    });
    const { result } = await run(configFor('hf-daily'));
    expect(result).toMatchObject({ status: 'failed', requests: 1 });
    expect(result?.message).toMatch(/expected JSON, got text\/html \(an error or login page\?\)/);
    // Mislabelled as JSON, the body itself gives it away.
    server.route('/api/daily_papers', { headers: hfJson, body: '<html><body>Oops</body></html>' });
    const relabelled = (await run(configFor('hf-daily'))).result;
    expect(relabelled?.message).toMatch(/expected JSON, but the body starts with "<html>/);
    expect(existsSync(join(dir, 'digests'))).toBe(false);
  });

  it('refuses a 2 GB Content-Length before reading the body', async () => {
    server.route('/api/daily_papers', {
      headers: { ...hfJson, 'content-length': String(2 * 1024 ** 3) },
      body: '[',
    });
    const { result } = await run(configFor('hf-daily'));
    expect(result).toMatchObject({ status: 'failed', requests: 1, bytes: 0 });
    expect(result?.message).toMatch(
      /the response is 2\.1 GB \(Content-Length\), over the 20\.0 MB cap \(FETCH_MAX_MB\)/,
    );
  });

  it('stops reading a body without Content-Length once it passes the cap', async () => {
    const big = readSourceFixture('hf-daily-papers.json');
    server.route('/api/daily_papers', { headers: hfJson, body: big, chunked: true });
    const { result } = await run(configFor('hf-daily', { FETCH_MAX_MB: '0.002' }));
    expect(result).toMatchObject({ status: 'failed', requests: 1 });
    expect(result?.message).toMatch(/the response grew past the 2\.0 kB cap \(FETCH_MAX_MB\)/);
  });

  it("reads arXiv's new submissions page by page, one request every 3 s, for the announcement window", async () => {
    server.route('/api/query', arxivApi(readSourceFixture('arxiv-api-page.xml')));
    const { result, sleeps } = await run(configFor('arxiv:cs.LG+stat.ML'), {}, fakeWaits(), {
      arxivPageSize: 2,
    });
    expect(result).toMatchObject({
      status: 'written',
      papers: 4,
      requests: 2,
      source: 'arxiv-cs.lg-stat.ml',
    });
    expect(sleeps).toEqual([3000]);
    const [page1, page2] = server.requestsTo('/api/query');
    // Monday 2024-03-11: Friday 14:00 to Monday 14:00 New York time (EST, then EDT).
    expect(page1?.query.get('search_query')).toBe(
      '(cat:cs.LG OR cat:stat.ML) AND submittedDate:[202403081900 TO 202403111759]',
    );
    expect(page1?.query.get('start')).toBe('0');
    expect(page2?.query.get('start')).toBe('2');
    expect(page1?.query.get('sortBy')).toBe('submittedDate');
    const file = result?.file as string;
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written).toMatchObject({ source: 'arxiv-cs.lg-stat.ml', date: '2024-03-11' });
    expect(written.papers.map((p: { arxivId: string }) => p.arxivId)).toEqual([
      '2403.05530',
      '2107.07511',
      '2106.09685',
      '2305.18290',
    ]);
    expect(await ingestDigestFile(store, file, now)).toMatchObject({ status: 'ok', warnings: [] });
  });

  it('makes no arXiv request for a Friday, and waits for an announcement still to come', async () => {
    server.route('/api/query', arxivApi(readSourceFixture('arxiv-api-page.xml')));
    const config = configFor('arxiv:cs.LG');
    const friday = (await run(config, { date: '2024-03-08' })).result;
    expect(friday).toMatchObject({ status: 'empty', requests: 0 });
    expect(friday?.message).toMatch(/nothing on Fridays and Saturdays/);
    const today = (await run(config, { date: '2024-03-12' })).result;
    expect(today).toMatchObject({ status: 'skipped', requests: 0 });
    expect(today?.message).toMatch(/announces the submissions of 2024-03-12 at 2024-03-13 00:00 UTC/);
    expect(server.requestsTo('/api/query')).toHaveLength(0);
  });

  it('reports an arXiv API error entry instead of storing a paper called "Error"', async () => {
    server.route('/api/query', {
      status: 200,
      headers: { 'content-type': 'application/atom+xml' },
      body: readSourceFixture('arxiv-api-error.xml'),
    });
    const { result } = await run(configFor('arxiv:cs.LG'));
    expect(result).toMatchObject({ status: 'failed', requests: 1 });
    expect(result?.message).toMatch(/the arXiv API answered with an error: max_results must be non-negative/);
  });

  it('stores a paper that arrives from Hugging Face and arXiv once, merged, and never sends it twice', async () => {
    server.route('/api/daily_papers', { headers: hfJson, body: readSourceFixture('hf-daily-papers.json') });
    server.route('/api/query', arxivApi(readSourceFixture('arxiv-api-page.xml')));
    const config = configFor('hf-daily,arxiv:cs.LG+stat.ML');
    const paperIds = async (editionId: number) =>
      (await store.editions.listDeliveries(editionId)).flatMap((d) =>
        (JSON.parse(d.papers) as { id: string }[]).map((p) => p.id),
      );
    await store.subscribers.insert(
      subscriberFields({ email: 'reader@example.com', topics: ['long context', 'low-rank adaptation'] }),
      { now, source: 'cli' },
    );

    // Monday: Hugging Face features Gemini 1.5, and the reader gets it.
    const monday = await run(config, { source: 'hf-daily' });
    await ingestDigestFile(store, monday.result?.file as string, now);
    const first = await enqueueEdition({ store, config }, { date: '2024-03-11', now });
    expect(await paperIds(first.editionId)).toEqual(['arxiv:2403.05530']);

    // Tuesday: arXiv lists it too, next to three papers we did not have.
    const tuesday = new Date('2024-03-13T08:00:00Z');
    const report = await fetchSources(
      { config, store, clock: () => tuesday, owner: 'test', http: fakeWaits(tuesday.getTime()).http },
      { source: 'arxiv-cs.lg-stat.ml' },
    );
    expect(report.results[0]).toMatchObject({ status: 'written', date: '2024-03-12', papers: 4 });
    const ingested = await ingestDigestFile(store, report.results[0]?.file as string, tuesday);
    expect(ingested).toMatchObject({ status: 'ok', papers: 4, newPapers: 3 });
    expect(await store.papers.countPapers()).toBe(7);
    const gemini = (await store.papers.listPapers()).filter((p) => p.arxivId === '2403.05530');
    expect(gemini).toHaveLength(1);
    // Merged: first seen Monday, upvotes from Hugging Face, categories from arXiv.
    expect(gemini[0]).toMatchObject({
      digestDate: '2024-03-11',
      upvotes: 58,
      categories: ['cs.CL', 'cs.AI', 'cs.LG'],
    });

    const second = await enqueueEdition({ store, config }, { date: '2024-03-12', now: tuesday });
    expect(await paperIds(second.editionId)).toEqual(['arxiv:2106.09685']);
  });

  it('fetches a feed for the default date only', async () => {
    server.route('/jmlr.xml', {
      headers: { 'content-type': 'application/rss+xml', 'last-modified': 'Mon, 11 Mar 2024 06:00:00 GMT' },
      body: readSourceFixture('jmlr-rss.xml'),
    });
    const config = configFor(`jmlr=feed:${server.url}/jmlr.xml`);
    const older = (await run(config, { date: '2024-03-01' })).result;
    expect(older).toMatchObject({ status: 'skipped', requests: 0 });
    const today = (await run(config)).result;
    expect(today).toMatchObject({
      status: 'written',
      papers: 3,
      file: join(dir, 'digests', '2024-03-11-jmlr.json'),
    });
    expect(await store.sources.getValidators(`${server.url}/jmlr.xml`)).toEqual({
      lastModified: 'Mon, 11 Mar 2024 06:00:00 GMT',
    });
  });

  it('pages through a full day of Hugging Face papers, counting entries the parser thread read', async () => {
    const item = (i: number) => ({
      paper: { id: `2403.${String(10_000 + i)}`, title: `Paper ${i}`, summary: 'An abstract.', authors: [] },
      publishedAt: '2024-03-11T10:00:00.000Z',
    });
    // The first page is full (100 entries, one of them unusable), so the second is asked for.
    const first = [...Array.from({ length: 99 }, (_, i) => item(i)), { paper: { title: 42 } }];
    server.route('/api/daily_papers', (request) => ({
      headers: hfJson,
      body: JSON.stringify(request.query.get('p') === '1' ? [item(100), item(101)] : first),
    }));
    const { result } = await run(configFor('hf-daily'));
    expect(result).toMatchObject({ status: 'written', papers: 101 });
    expect(server.requestsTo('/api/daily_papers').map((r) => r.query.get('p'))).toEqual([null, '1']);
  });

  it('a hostile feed fails alone with a short stored message; __proto__ elements are just ignored', async () => {
    server.route('/broken.xml', {
      headers: { 'content-type': 'application/rss+xml' },
      body: `<rss><channel>${'<a>'.repeat(25_000)}`,
    });
    server.route('/proto.xml', {
      headers: { 'content-type': 'application/rss+xml' },
      body: '<rss><channel><__proto__><polluted>1</polluted></__proto__><item><title>A paper</title><description>An abstract.</description><constructor/></item></channel></rss>',
    });
    const { results } = await run(
      configFor(`broken=feed:${server.url}/broken.xml,proto=feed:${server.url}/proto.xml`),
    );
    expect(results.find((r) => r.source === 'broken')).toMatchObject({ status: 'failed' });
    expect(results.find((r) => r.source === 'proto')).toMatchObject({ status: 'written', papers: 1 });
    const stored = (await store.sources.listLatestFetches()).find((f) => f.source === 'broken');
    expect(stored?.message).toMatch(/invalid XML/);
    expect(stored?.message?.length).toBeLessThan(1_200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('--dry-run fetches and lists the papers but writes and records nothing', async () => {
    server.route(
      '/api/daily_papers',
      withEtag('"x"', { headers: hfJson, body: readSourceFixture('hf-daily-papers.json') }),
    );
    const { result } = await run(configFor('hf-daily'), { dryRun: true });
    expect(result).toMatchObject({ status: 'would-write', papers: 4 });
    expect(result?.preview?.map((p) => p.arxivId)).toContain('2403.05530');
    expect(existsSync(join(dir, 'digests'))).toBe(false);
    expect(await store.sources.listLatestFetches()).toEqual([]);
    expect(
      await store.sources.getValidators(`${server.url}/api/daily_papers?date=2024-03-11&limit=100`),
    ).toEqual({});
    expect(server.requests).toHaveLength(1);
  });

  it('does nothing while another process holds the fetch lease', async () => {
    await store.schedule.acquireLock('fetch', 'other-host:1', now, new Date(now.getTime() + 60_000));
    const { report } = await run(configFor('hf-daily'));
    expect(report).toEqual({ results: [], busy: true });
    expect(server.requests).toHaveLength(0);
  });

  it('catches up the days missed since the last completed fetch', async () => {
    server.route('/api/daily_papers', { headers: hfJson, body: '[]' });
    const config = configFor('hf-daily');
    await store.sources.recordFetch({
      source: 'hf-daily',
      digest_date: '2024-03-08',
      started_at: '2024-03-09T03:30:00.000Z',
      finished_at: '2024-03-09T03:30:01.000Z',
      status: 'written',
      papers: 3,
      file: null,
      content_hash: null,
      requests: 1,
      bytes: 100,
      message: null,
    });
    const { results } = await run(config, { catchUp: true });
    expect(results.map((r) => [r.date, r.status])).toEqual([
      ['2024-03-09', 'empty'],
      ['2024-03-10', 'empty'],
      ['2024-03-11', 'empty'],
    ]);
    expect(server.requestsTo('/api/daily_papers').map((r) => r.query.get('date'))).toEqual([
      '2024-03-09',
      '2024-03-10',
      '2024-03-11',
    ]);
  });
});
