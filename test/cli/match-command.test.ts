import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { samplePath } from '../helpers/fixtures.ts';
import { runCaptured } from '../helpers/run-captured.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';

const run = (argv: string[], env: Record<string, string> = {}) => runCaptured(argv, env);

interface JsonRow {
  id: string;
  title: string;
  score: number;
  selected: boolean;
  reasons: string[];
}

describe('paperboy match with a digest file', () => {
  it('prints only the selected papers as JSON, with reasons', async () => {
    const { code, out } = await run(['match', '--topics', 'RLHF', '--digest', samplePath, '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as JsonRow[];
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0] ?? {})).toEqual(['id', 'title', 'score', 'selected', 'reasons']);
    expect(rows.every((row) => row.selected && row.reasons.length > 0)).toBe(true);
    expect(rows.map((row) => row.title)).toContain(
      'Unintentional Unalignment: Likelihood Displacement in Direct Preference Optimization',
    );
  });

  it('lists every paper with --all, best first', async () => {
    const { code, out } = await run([
      'match',
      '--topics',
      'conformal prediction',
      '--digest',
      samplePath,
      '--all',
      '--json',
    ]);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as JsonRow[];
    expect(rows).toHaveLength(63);
    expect(rows.filter((row) => row.selected)).toHaveLength(2);
    expect(rows.map((row) => row.score)).toEqual([...rows.map((row) => row.score)].sort((a, b) => b - a));
  });

  it('points out a word that looks mistyped on stderr, and matches the topic as typed', async () => {
    const typo = await run(['match', '--topics', 'difusion models', '--digest', samplePath, '--json']);
    expect(typo.code).toBe(0);
    expect(typo.err).toContain('did you mean "diffusion" for "difusion"?');
    // The JSON on stdout keeps its shape.
    expect(Array.isArray(JSON.parse(typo.out))).toBe(true);
    const right = await run(['match', '--topics', 'diffusion models', '--digest', samplePath, '--json']);
    expect(right.err).not.toContain('did you mean');
  });

  it('says so when nothing matches, in the table', async () => {
    const { code, out } = await run(['match', '--topics', 'speech recognition', '--digest', samplePath]);
    expect(code).toBe(0);
    expect(out).toContain(`0 of 63 papers selected from ${samplePath}`);
    expect(out).toContain('the issue would be empty');
  });

  it('honours --max, --breadth and --exclude', async () => {
    const capped = await run([
      'match',
      '--topics',
      'algorithmic fairness',
      '--max',
      '2',
      '--digest',
      samplePath,
      '--json',
    ]);
    expect(JSON.parse(capped.out)).toHaveLength(2);
    const excluded = await run([
      'match',
      '--topics',
      'diffusion models',
      '--exclude',
      'text-to-image',
      '--digest',
      samplePath,
      '--json',
    ]);
    const titles = (JSON.parse(excluded.out) as JsonRow[]).map((row) => row.title);
    expect(titles).not.toContain('Editing Implicit Assumptions in Text-to-Image Diffusion Models');
    expect(titles.length).toBeGreaterThan(0);
  });

  it.each([
    [['match', '--digest', samplePath], '--topics (or --like) is required'],
    [['match', '--topics', 'x', '--max', 'ten', '--digest', samplePath], '--max must be a whole number'],
    [['match', '--topics', 'x', '--max', '0', '--digest', samplePath], '--max:'],
    [['match', '--topics', 'x', '--breadth', 'wide', '--digest', samplePath], '--breadth:'],
    [['match', '--topics', ' , ', '--digest', samplePath], '--topics:'],
    [
      ['match', '--topics', 'RLHF, of the', '--digest', samplePath],
      '--topics: "of the" has no word to match papers on',
    ],
    [
      ['match', '--topics', 'RLHF', '--exclude', '???', '--digest', samplePath],
      '--exclude: "???" has no word',
    ],
  ])('rejects bad flags with exit code 2: %j', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});

describe('paperboy match with the store', () => {
  let database: TestDatabase;
  let dir: string;
  beforeEach(() => {
    database = createTestDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'paperboy-match-'));
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses the latest stored digest by default, or a stored date', async () => {
    const env = { DATABASE_URL: database.url };
    const empty = await run(['match', '--topics', 'RLHF'], env);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('no digest is stored yet');

    // The file name carries the year; the sample's own name has only "mar-11".
    const dated = join(dir, '2025-03-11-daily.txt');
    copyFileSync(samplePath, dated);
    expect((await run(['ingest', dated], env)).code).toBe(0);
    const latest = await run(['match', '--topics', 'conformal prediction', '--json'], env);
    expect(latest.code).toBe(0);
    expect(JSON.parse(latest.out)).toHaveLength(2);

    const byDate = await run(['match', '--topics', 'conformal prediction', '--digest', '2025-03-11'], env);
    expect(byDate.code).toBe(0);
    expect(byDate.out).toContain('2 of 63 papers selected from 2025-03-11');

    const missing = await run(['match', '--topics', 'RLHF', '--digest', '2020-01-01'], env);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no stored digest for 2020-01-01');
  });
});
