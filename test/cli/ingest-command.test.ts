import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestFixtures, samplePath } from '../helpers/fixtures.ts';
import { runCaptured } from '../helpers/run-captured.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';

const run = (argv: string[], env: Record<string, string>) => runCaptured(argv, env);

describe('paperboy --help and usage errors', () => {
  it('lists every command with one line each', async () => {
    const { code, out } = await run(['--help'], {});
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}ingest +Ingest digest files/m);
    expect(out).toMatch(/^ {2}papers +List stored papers/m);
  });

  it('documents the flags of a command', async () => {
    const { code, out } = await run(['papers', '--help'], {});
    expect(code).toBe(0);
    expect(out).toContain('--digest DATE');
    expect(out).toContain('--json');
  });

  it('rejects an unknown command with a one-line error and exit code 2', async () => {
    const { code, err } = await run(['frobnicate'], {});
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toEqual(['paperboy: unknown command "frobnicate" (see paperboy --help)']);
  });

  it('rejects a bad flag with a one-line error and exit code 2', async () => {
    const { code, err } = await run(['papers', '--bogus'], {});
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain("Unknown option '--bogus'");
  });

  it('rejects a malformed --digest date with exit code 2', async () => {
    const { code, err } = await run(['papers', '--digest', 'yesterday'], {});
    expect(code).toBe(2);
    expect(err).toContain('--digest must be a date');
  });

  it('prints every configuration problem and exits 1', async () => {
    const { code, err } = await run(['papers'], {
      PORT: 'abc',
      SMTP_URL: 'http://x',
      NODE_ENV: 'production',
    });
    expect(code).toBe(1);
    expect(err).toContain('PORT');
    expect(err).toContain('SMTP_URL: must start with smtp:// or smtps://');
    expect(err).toContain('SECRET: is required when NODE_ENV=production');
  });
});

describe.each(testBackends)('paperboy ingest / papers on %s', (backend) => {
  let database: TestDatabase;
  let dir: string;

  beforeEach(() => {
    database = createTestDatabase(backend);
    dir = mkdtempSync(join(tmpdir(), 'paperboy-digests-'));
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingests a folder, reports each file, and exits 1 when any file failed', async () => {
    copyFileSync(samplePath, join(dir, '2025-03-11-daily.txt'));
    copyFileSync(join(digestFixtures, 'binary.txt'), join(dir, 'zz-binary.txt'));
    copyFileSync(join(digestFixtures, 'arxiv-atom.xml'), join(dir, 'feed.xml'));
    writeFileSync(join(dir, 'notes.md'), 'not a digest');
    const env = { DATABASE_URL: database.url, DIGESTS_DIR: dir };
    const first = await run(['ingest'], env);
    expect(first.code).toBe(1);
    expect(first.out).toMatch(
      /^ok {4}\S*2025-03-11-daily\.txt {2}63 papers \(63 new\) date 2025-03-11 \[date from file name\]$/m,
    );
    expect(first.out).toMatch(
      /^ok {4}\S*feed\.xml {2}2 papers \(2 new\) date 2024-03-02 \[date from file contents\]$/m,
    );
    expect(first.err).toMatch(/^error \S*zz-binary\.txt {2}binary file \(contains NUL bytes\)$/m);
    expect(first.out).toContain('total 3 files: 2 ok, 1 failed; 65 papers (65 new)');
    expect(first.out).not.toContain('notes.md');

    // Ingesting the same files again changes nothing.
    const again = await run(['ingest', join(dir, '2025-03-11-daily.txt')], env);
    expect(again.code).toBe(0);
    expect(again.out).toContain('63 papers (unchanged, already ingested)');

    const listed = await run(['papers', '--digest', '2025-03-11', '--json'], env);
    expect(listed.code).toBe(0);
    const papers = JSON.parse(listed.out) as {
      id: string;
      title: string;
      digestDate: string;
      arxivId: null;
    }[];
    expect(papers).toHaveLength(63);
    expect(Object.keys(papers[0] ?? {})).toEqual(['id', 'title', 'abstract', 'digestDate', 'arxivId', 'url']);
    expect(papers[0]).toMatchObject({ digestDate: '2025-03-11', arxivId: null });
  });

  it("two DATABASE_URLs never see each other's data", async () => {
    const other = createTestDatabase(backend);
    try {
      mkdirSync(join(dir, 'a'));
      copyFileSync(samplePath, join(dir, 'a', 'x.txt'));
      expect((await run(['ingest', join(dir, 'a')], { DATABASE_URL: database.url })).code).toBe(0);
      const mine = await run(['papers', '--json'], { DATABASE_URL: database.url });
      const theirs = await run(['papers', '--json'], { DATABASE_URL: other.url });
      expect(JSON.parse(mine.out)).toHaveLength(63);
      expect(JSON.parse(theirs.out)).toHaveLength(0);
    } finally {
      await other.destroy();
    }
  });

  it('warns when the year is a guess from the file’s modification time', async () => {
    // A text digest says "Mar 11" and nothing more; copied in December, its mtime says 2025.
    const file = join(dir, 'daily-papers.txt');
    copyFileSync(samplePath, file);
    utimesSync(file, new Date('2025-12-05T10:00:00Z'), new Date('2025-12-05T10:00:00Z'));
    // Ingested the next day: a modification time after the clock would be refused as a date.
    const nextDay = new Date('2025-12-06T08:00:00Z');
    const result = await runCaptured(['ingest', file], { DATABASE_URL: database.url }, nextDay);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/date 2025-03-11 \[year from mtime\] 1 warning$/m);
    expect(result.out).toContain(
      'warning date: the file gives no year: 2025 is a guess from its modification time; put the date in the file name (2025-03-11-daily.txt) to be sure',
    );
    // A dated file name is certain, and says nothing (other bytes, so it is not "unchanged").
    writeFileSync(join(dir, '2024-03-11-daily.txt'), `${readFileSync(samplePath, 'utf8')}\n`);
    const dated = await runCaptured(
      ['ingest', join(dir, '2024-03-11-daily.txt')],
      { DATABASE_URL: database.url },
      nextDay,
    );
    expect(dated.out).toMatch(/date 2024-03-11 \[date from file name\]$/m);
    expect(dated.out).not.toContain('warning');
  });

  it('reports a missing path and still ingests the rest', async () => {
    copyFileSync(samplePath, join(dir, 'x.txt'));
    const result = await run(['ingest', join(dir, 'nope.txt'), join(dir, 'x.txt')], {
      DATABASE_URL: database.url,
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain('nope.txt  no such file or folder');
    expect(result.out).toContain('63 papers (63 new)');
  });
});
