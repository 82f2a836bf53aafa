import { copyFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mountOutboxRoutes } from '../../src/devmail/outbox-routes.ts';
import { AppError } from '../../src/errors/index.ts';
import { createOffThreadParser, ingestDigestFile } from '../../src/ingest/index.ts';
import type { Store } from '../../src/store/index.ts';
import { sampleDigest, samplePath } from '../helpers/fixtures.ts';
import { adversarialDigests } from '../helpers/hostile-digests.ts';
import { runCaptured, subscriberFields } from '../helpers/run-captured.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';
import { tick } from '../schedule/schedule-harness.ts';
import { createWebHarness, type WebHarness } from '../web/web-harness.ts';

// Issue 19, digest half, end to end: a folder of hostile digests next to good ones goes through the
// real ingest (parser thread, store), and then nothing downstream fails: send, the scheduler, the
// public pages, `status` and `/outbox`.

const now = new Date('2025-03-11T08:00:00Z');
const mtime = new Date('2025-03-11T06:00:00Z');
const secret = 'TOP-SECRET-7f3a9c';
const conformal = 'We study conformal prediction with coverage guarantees for classifiers.';

/** Requests to this server would mean the parser resolved an external entity. */
let entityServer: Server;
let entityRequests = 0;
let entityUrl: string;

beforeAll(async () => {
  entityServer = createServer((_req, res) => {
    entityRequests++;
    res.end(secret);
  });
  await new Promise<void>((resolve) => entityServer.listen(0, '127.0.0.1', resolve));
  entityUrl = `http://127.0.0.1:${(entityServer.address() as AddressInfo).port}/entity`;
});
afterAll(() => new Promise<void>((resolve) => entityServer.close(() => resolve())));

/** Writes the hostile folder: each file is one finding of the audit. */
function writeHostileDigests(dir: string): void {
  copyFileSync(samplePath, join(dir, '2025-03-11-daily.txt'));
  const secretFile = join(dir, 'secret.key');
  writeFileSync(secretFile, secret);
  const files: Record<string, string> = {
    // Finding 1: impossible dates in the content.
    'bad-date.json': JSON.stringify([
      { title: 'Conformal prediction on impossible days', abstract: conformal, publishedAt: '2025-99-99' },
      { title: 'Conformal prediction in late February', abstract: conformal, publishedAt: '2025-02-30' },
    ]),
    // Finding 3: a date from the future.
    'future.json': JSON.stringify([
      { title: 'Conformal prediction from the future', abstract: conformal, publishedAt: '2999-01-01' },
    ]),
    // Finding 4: external entities, by URL and by file.
    'xxe-http.xml': `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "${entityUrl}">]><feed><entry><title>&x;</title><summary>s</summary></entry></feed>`,
    'xxe-file.xml': `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file://${secretFile}">]><feed><entry><title>&x;</title><summary>s</summary></entry></feed>`,
    // Finding 9: an element named __proto__ (the papers beside it are fine).
    'proto.xml': `<feed><__proto__>x</__proto__><entry><constructor/><title>Conformal prediction for graphs</title><summary>${conformal}</summary></entry></feed>`,
    // Finding 13: 75 KB of broken XML.
    'broken.xml': `<feed>${'<a>'.repeat(25_000)}`,
    // Finding 7: non-Latin titles without an arXiv id.
    'cjk.json': JSON.stringify([
      { title: '共形预测的新方法', abstract: conformal },
      { title: '强化学习综述', abstract: conformal },
    ]),
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    utimesSync(join(dir, name), mtime, mtime);
  }
}

/** What older versions stored for a digest that claimed 2999-01-01: it must not become the edition. */
async function storeFutureDigestRow(store: Store): Promise<void> {
  await store.papers.ingestDigest({
    path: '/legacy/2999.json',
    contentHash: 'legacy-2999',
    parsed: {
      format: 'json',
      date: '2999-01-01',
      dateSource: 'content',
      papers: [
        {
          ...(sampleDigest.papers[0] as (typeof sampleDigest.papers)[number]),
          id: 'title:legacy',
          title: 'Legacy',
        },
      ],
      warnings: [],
    },
    now,
  });
}

describe.each(testBackends)('hostile digests through the CLI on %s', (backend) => {
  let database: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  beforeEach(() => {
    database = createTestDatabase(backend);
    dir = mkdtempSync(join(tmpdir(), 'paperboy-hostile-'));
    env = { DATABASE_URL: database.url, DIGESTS_DIR: dir, LOG_LEVEL: 'silent' };
    writeHostileDigests(dir);
    entityRequests = 0;
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingests every good file, reports each bad one, and never resolves an entity', async () => {
    const run = await runCaptured(['ingest'], env, now);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /^ok {4}\S*2025-03-11-daily\.txt {2}63 papers \(63 new\) date 2025-03-11 \[date from file name\]$/m,
    );
    expect(run.out).toMatch(
      /^ok {4}\S*bad-date\.json {2}2 papers \(2 new\) date 2025-03-11 \[date from mtime\] 3 warnings$/m,
    );
    // A date taken from the file's modification time is a guess, and says so first.
    expect(run.out).toContain(
      'warning date: the file gives no date: 2025-03-11 is a guess from its modification time; put the date in the file name (2025-03-11-daily.json) to be sure',
    );
    expect(run.out).toContain(
      'warning [0].published: item 0: published date "2025-99-99" is not a real date; ignored',
    );
    expect(run.out).toContain(
      'warning [1].published: item 1: published date "2025-02-30" is not a real date; ignored',
    );
    expect(run.out).toMatch(
      /^ok {4}\S*future\.json {2}1 papers \(1 new\) date 2025-03-11 \[date from mtime\] 2 warnings$/m,
    );
    expect(run.out).toMatch(/^ok {4}\S*proto\.xml {2}1 papers \(1 new\)/m);
    expect(run.out).toMatch(/^ok {4}\S*cjk\.json {2}2 papers \(2 new\)/m);
    expect(run.err).toMatch(/^error \S*xxe-http\.xml {2}invalid XML: External entities are not supported$/m);
    expect(run.err).toMatch(/^error \S*xxe-file\.xml {2}invalid XML: External entities are not supported$/m);
    expect(run.err).toMatch(/^error \S*broken\.xml {2}line 1: invalid XML: /m);
    expect(run.out).toContain('total 8 files: 5 ok, 3 failed; 69 papers (69 new)');
    expect(Math.max(...run.err.split('\n').map((l) => l.length))).toBeLessThan(500);
    expect(entityRequests).toBe(0);
    expect(`${run.out}${run.err}`).not.toContain(secret);

    // `status` and `/outbox` list the bad files, with short messages.
    const status = await runCaptured(['status', '--json'], env, now);
    const ingests = (
      JSON.parse(status.out) as { ingests: { path: string; status: string; error: string | null }[] }
    ).ingests;
    const errors = ingests.filter((i) => i.status === 'error');
    expect(errors.map((e) => e.path.split('/').pop()).sort()).toEqual([
      'broken.xml',
      'xxe-file.xml',
      'xxe-http.xml',
    ]);
    expect(Math.max(...errors.map((e) => e.error?.length ?? 0))).toBeLessThan(400);
    const store = await database.open();
    try {
      const app = new Hono();
      mountOutboxRoutes(app, { store, newsletterName: 'Paperboy', guard: async (_c, next) => next() });
      const page = await (await app.request('/outbox')).text();
      expect(page).toContain('xxe-http.xml');
      expect(page).toContain('External entities are not supported');
      expect(page).toContain('broken.xml');
      expect(page.length).toBeLessThan(20_000);
      expect(page).not.toContain(secret);
      const stored = await store.papers.listPapers();
      expect(JSON.stringify(stored)).not.toContain(secret);
      // The two non-Latin papers are two papers, and a later day's copy of one is not new.
      expect(stored.filter((p) => p.title === '共形预测的新方法' || p.title === '强化学习综述')).toHaveLength(
        2,
      );
    } finally {
      await store.close();
    }
  });

  it('send --dry-run plans the real latest edition, whatever a digest claimed', async () => {
    await runCaptured(['ingest'], env, now);
    const store = await database.open();
    try {
      await store.subscribers.insert(subscriberFields({ email: 'reader@example.com' }), {
        now,
        source: 'cli',
      });
      await storeFutureDigestRow(store);
    } finally {
      await store.close();
    }
    const dry = await runCaptured(['send', '--dry-run'], env, now);
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^dry run, edition 2025-03-11: would send 1 /m);
    const status = await runCaptured(['status', '--json'], env, now);
    expect(JSON.parse(status.out).edition).toMatchObject({ date: '2025-03-11' });
  });
});

describe('hostile digests, then the scheduler and the public pages', () => {
  let h: WebHarness;
  let dir: string;

  beforeEach(async () => {
    h = await createWebHarness({ ingest: false });
    h.clock.now = new Date('2025-03-11T09:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'paperboy-hostile-'));
    writeHostileDigests(dir);
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a scheduler tick, /archive and /preview work', async () => {
    const { readdirSync } = await import('node:fs');
    for (const name of readdirSync(dir)
      .filter((n) => n !== 'secret.key')
      .sort()) {
      await ingestDigestFile(h.store, join(dir, name), h.clock.now);
    }
    await storeFutureDigestRow(h.store);
    await h.store.subscribers.insert(subscriberFields({ email: 'reader@example.com', hour: 9 }), {
      now: h.clock.now,
      source: 'cli',
    });

    const report = await tick(h.store, () => h.clock.now);
    expect(report).toMatchObject({ ran: true, enqueued: 1 });
    const edition = await h.store.editions.findEdition('2025-03-11');
    expect(edition).toBeDefined();
    expect(await h.store.editions.findEdition('2999-01-01')).toBeUndefined();

    const archive = await h.get('/archive');
    expect(archive.status).toBe(200);
    expect(await archive.text()).toContain('March 11, 2025');
    expect((await h.get('/archive/2025-03-11')).status).toBe(200);
    const preview = await h.get('/preview?topics=conformal%20prediction', {
      headers: { authorization: 'Bearer admin-token-123' },
    });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('Conformal prediction on impossible days');
  });
});

describe('the parser thread', () => {
  it('answers random bytes and adversarial digests with papers or a DIGEST_* error, never anything else', async () => {
    const parser = createOffThreadParser();
    const adversarial = Object.values(adversarialDigests(200_000)).map((text) =>
      new TextEncoder().encode(text),
    );
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 2_000 }),
            fc.constantFrom(...adversarial),
            fc
              .tuple(
                fc.constantFrom('__proto__', 'constructor', 'entry', 'item'),
                fc.string({ maxLength: 100 }),
              )
              .map(([name, text]) =>
                new TextEncoder().encode(
                  `<feed><${name}><title>${text.replace(/[<&]/g, ' ')}</title></${name}></feed>`,
                ),
              ),
          ),
          async (bytes) => {
            try {
              const parsed = await parser.parse({ bytes, fileName: 'thread', mtime, now });
              expect(parsed.papers.length).toBeGreaterThan(0);
            } catch (error) {
              expect(error).toBeInstanceOf(AppError);
              expect((error as AppError).code).toMatch(/^DIGEST_(EMPTY|BINARY|MALFORMED|NO_PAPERS)$/);
            }
          },
        ),
        { seed: 19, numRuns: 60 },
      );
    } finally {
      await parser.close();
    }
  });

  it('stops a parse that runs over its time limit and goes on with the next file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-slow-'));
    const database = createTestDatabase('sqlite');
    const store = await database.open();
    const slow = createOffThreadParser({ timeoutMs: 1 });
    const normal = createOffThreadParser();
    try {
      const big = join(dir, 'big.json');
      writeFileSync(
        big,
        JSON.stringify(
          Array.from({ length: 20_000 }, (_, i) => ({ title: `Paper ${i}`, abstract: conformal })),
        ),
      );
      const result = await ingestDigestFile(store, big, now, { parse: slow.parse });
      expect(result).toMatchObject({ status: 'error', errorCode: 'DIGEST_TOO_COSTLY' });
      expect(result.error).toMatch(/parsing took longer than 0 s; skipped/);
      copyFileSync(samplePath, join(dir, 'sample.txt'));
      expect(
        await ingestDigestFile(store, join(dir, 'sample.txt'), now, { parse: normal.parse }),
      ).toMatchObject({
        status: 'ok',
        papers: 63,
      });
    } finally {
      await slow.close();
      await normal.close();
      await store.close();
      await database.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops a parse that needs more memory than its limit', async () => {
    const parser = createOffThreadParser({ maxMemoryMb: 64 });
    try {
      const text = JSON.stringify(
        Array.from({ length: 200_000 }, (_, i) => ({ title: `Paper ${i}`, abstract: conformal })),
      );
      await expect(parser.parse({ text, fileName: 'huge.json', now })).rejects.toMatchObject({
        code: 'DIGEST_TOO_COSTLY',
        message: 'huge.json: parsing needed more than 64 MB of memory; skipped',
      });
    } finally {
      await parser.close();
    }
  });
});
