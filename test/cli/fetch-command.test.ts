import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FixtureServer,
  recordedSourcesEnv,
  recordedValidators,
  routeRecordedSources,
  startFixtureServer,
} from '../helpers/fixture-server.ts';
import { runCaptured } from '../helpers/run-captured.ts';

const now = new Date('2024-03-12T08:00:00Z');

describe('paperboy fetch', () => {
  let server: FixtureServer;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startFixtureServer();
    routeRecordedSources(server);
    dir = mkdtempSync(join(tmpdir(), 'paperboy-fetch-cli-'));
    env = {
      DATABASE_URL: join(dir, 'paperboy.db'),
      DIGESTS_DIR: join(dir, 'digests'),
      ...recordedSourcesEnv(server),
    };
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes digest files that ingest reads with zero warnings; a second run asks for nothing', async () => {
    const before = await runCaptured(['status'], env, now);
    expect(before.out).toMatch(/Sources:\n {2}hf-daily +never fetched\n/);

    const fetched = await runCaptured(['fetch'], env, now);
    expect(fetched.err).toBe('');
    expect(fetched.code).toBe(0);
    const digests = join(dir, 'digests');
    expect(fetched.out).toContain(
      `ok    hf-daily 2024-03-11  wrote ${digests}/2024-03-11-hf-daily.json: 4 papers (1 request,`,
    );
    expect(fetched.out).toContain(
      `ok    arxiv-cs.lg-stat.ml 2024-03-11  wrote ${digests}/2024-03-11-arxiv-cs.lg-stat.ml.json: 4 papers (1 request,`,
    );
    expect(fetched.out).toContain(
      `ok    jmlr 2024-03-11  wrote ${digests}/2024-03-11-jmlr.json: 3 papers (1 request,`,
    );
    expect(fetched.out).toMatch(/total 3 fetches: 3 written, 0 not modified, 0 failed\n$/);

    const ingested = await runCaptured(['ingest'], env, now);
    expect(ingested.code).toBe(0);
    expect(ingested.out).not.toContain('warning');
    expect(ingested.out).toMatch(/total 3 files: 3 ok, 0 failed; 11 papers \(10 new\)/);

    // "papers it added": the arXiv file came first in the folder, so Gemini 1.5 counts there.
    const status = await runCaptured(['status'], env, now);
    expect(status.out).toMatch(
      /Sources:\n {2}hf-daily {13}2024-03-12 08:00 UTC {2}date 2024-03-11 {2}written 4 papers, 3 added\n {2}arxiv-cs\.lg-stat\.ml {2}2024-03-12 08:00 UTC {2}date 2024-03-11 {2}written 4 papers, 4 added\n {2}jmlr {17}2024-03-12 08:00 UTC {2}date 2024-03-11 {2}written 3 papers, 3 added\n/,
    );

    const requests = server.requests.length;
    const again = await runCaptured(['fetch'], env, now);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      /skip {2}hf-daily 2024-03-11 {2}already fetched today at 08:00 UTC \(written\); --force fetches again/,
    );
    expect(again.out).toMatch(/total 3 fetches: 0 written, 0 not modified, 3 skipped, 0 failed/);
    expect(server.requests.length).toBe(requests);

    const forced = await runCaptured(['fetch', '--force'], env, now);
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(
      /304 {3}hf-daily 2024-03-11 {2}not modified since the last fetch \(HTTP 304\) \(1 request, 0 bytes\)/,
    );
    expect(forced.out).toMatch(/total 3 fetches: 0 written, 3 not modified, 0 failed/);
    const conditional = server.requests.slice(requests);
    expect(conditional.map((r) => r.headers['if-none-match'] ?? r.headers['if-modified-since'])).toEqual([
      recordedValidators.hfEtag,
      recordedValidators.arxivEtag,
      recordedValidators.feedLastModified,
    ]);

    const json = JSON.parse((await runCaptured(['status', '--json'], env, now)).out);
    expect(json.sources[0]).toMatchObject({
      source: 'hf-daily',
      configured: true,
      lastFetch: { status: 'not-modified', date: '2024-03-11', added: 0, requests: 1 },
    });
  });

  it('--dry-run lists the papers it would write', async () => {
    const dry = await runCaptured(['fetch', '--dry-run', '--force', '--source', 'hf-daily'], env, now);
    expect(dry.code).toBe(0);
    // The stored ETag still applies, so an unchanged day answers 304 here too.
    expect(dry.out).toMatch(/^304 /);
    const other = await runCaptured(
      ['fetch', '--dry-run', '--source', 'jmlr', '--date', '2024-03-11'],
      env,
      new Date('2024-03-12T09:00:00Z'),
    );
    expect(other.out).toContain('skip  jmlr 2024-03-11  already fetched today');
  });

  it('rejects a bad date or source with exit 2, and explains an empty SOURCES', async () => {
    const badDate = await runCaptured(['fetch', '--date', '2024-02-30'], env, now);
    expect(badDate.code).toBe(2);
    expect(badDate.err).toMatch(
      /--date must be a date like 2024-03-11, not after today \(2024-03-12\); got "2024-02-30"/,
    );
    const future = await runCaptured(['fetch', '--date', '2024-03-13'], env, now);
    expect(future.code).toBe(2);
    const badSource = await runCaptured(['fetch', '--source', 'nope'], env, now);
    expect(badSource.code).toBe(2);
    expect(badSource.err).toContain('no source "nope"; SOURCES has hf-daily, arxiv-cs.lg-stat.ml, jmlr');
    const none = await runCaptured(['fetch'], { ...env, SOURCES: '' }, now);
    expect(none.code).toBe(1);
    expect(none.err).toContain('SOURCES is not set, so there is nothing to fetch');
    const help = await runCaptured(['fetch', '--help'], env, now);
    expect(help.code).toBe(0);
    expect(help.out).toContain(
      'Usage: paperboy fetch [--source NAME] [--date YYYY-MM-DD] [--dry-run] [--force]',
    );
  });
});
