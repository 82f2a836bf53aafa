import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanText, parseDigest } from '../../src/digest/index.ts';
import { AppError } from '../../src/errors/index.ts';
import { readDigestFixture, samplePath } from '../helpers/fixtures.ts';

const mtime = new Date('2025-06-01T12:00:00Z');
const parseFixture = (name: string, at: Date = mtime) =>
  parseDigest({ bytes: readDigestFixture(name), fileName: name, mtime: at, now: at });

const smallTitles = [
  'Provably Robust Conformal Prediction with Improved Efficiency',
  'The Reversal Curse: LLMs trained on "A is B" fail to learn "B is A"',
  'Constraints on the variation of the fine-structure constant at 3<z<10 with JWST emission-line galaxies',
];

function expectAppError(fn: () => unknown, code: string, message?: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    if (message) expect((error as AppError).message).toMatch(message);
    return;
  }
  throw new Error(`expected AppError ${code}`);
}

describe('parseDigest: the sample digest', () => {
  const bytes = readFileSync(samplePath);
  const parsed = parseDigest({ bytes, fileName: 'daily-papers-mar-11.txt', mtime, now: mtime });
  const titleLines = readFileSync(samplePath, 'utf8')
    .split('\n')
    .slice(10)
    .filter((_, i) => i % 4 === 0)
    .filter(Boolean);

  it('yields exactly its 63 papers with no warnings', () => {
    expect(parsed.papers).toHaveLength(63);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.format).toBe('text');
  });

  it('keeps every title exactly as written, in order', () => {
    expect(titleLines).toHaveLength(63);
    expect(parsed.papers.map((p) => p.title)).toEqual(titleLines);
  });

  it('keeps abstracts as written (whitespace normalized)', () => {
    const first = parsed.papers[0];
    expect(first?.abstract.startsWith('Conformal prediction has shown spurring performance')).toBe(true);
    expect(first?.abstract.endsWith('and 14% on AwA2.')).toBe(true);
    expect(parsed.papers.every((p) => p.abstract.length > 100 && !/\s{2}/.test(p.abstract))).toBe(true);
  });

  it('takes month and day from the date line and the year from mtime, and says so', () => {
    expect(parsed.date).toBe('2025-03-11');
    expect(parsed.dateSource).toBe('mtime-year');
  });

  it('puts a March digest modified the next January in the previous year', () => {
    const late = parseDigest({
      bytes,
      fileName: 'x.txt',
      mtime: new Date('2026-01-05T00:00:00Z'),
      now: new Date('2026-01-05T00:00:00Z'),
    });
    expect(late.date).toBe('2026-03-11'.replace('2026', '2025'));
  });

  it('gives papers stable title-key ids', () => {
    expect(parsed.papers[0]?.id).toBe(
      'title:colep-certifiably-robust-learning-reasoning-conformal-prediction-via-probabilistic-circuits',
    );
    expect(new Set(parsed.papers.map((p) => p.id)).size).toBe(63);
  });
});

describe('parseDigest: messy text files', () => {
  it.each([
    'crlf.txt',
    'bom.txt',
    'extra-blank-lines.txt',
    'trailing-spaces.txt',
    'missing-header.txt',
    'extra-header.txt',
    'wrapped-abstract.txt',
  ])('%s yields the same three papers', (name) => {
    const parsed = parseFixture(name);
    expect(parsed.papers.map((p) => p.title)).toEqual(smallTitles);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.papers[1]?.abstract).toBe(
      'We expose a surprising failure of generalization in auto-regressive large language models. If a model is trained on a sentence of the form "A is B", it will not automatically generalize.',
    );
  });

  it('a file without a date line takes its date from mtime', () => {
    const parsed = parseFixture('missing-header.txt');
    expect(parsed.date).toBe('2025-06-01');
    expect(parsed.dateSource).toBe('mtime');
  });

  it('prefers an ISO date in the file name', () => {
    const parsed = parseFixture('2025-03-11-daily.txt', new Date('2030-01-01'));
    expect(parsed.date).toBe('2025-03-11');
    expect(parsed.dateSource).toBe('filename');
  });

  it('uses a year written in the date line', () => {
    const parsed = parseFixture('dated-content.txt');
    expect(parsed.date).toBe('2024-03-11');
    expect(parsed.dateSource).toBe('content');
  });

  it('warns about a title with no abstract and keeps the rest', () => {
    const parsed = parseFixture('title-no-abstract.txt');
    expect(parsed.papers.map((p) => p.title)).toEqual([
      smallTitles[0],
      'A Title Without Any Abstract',
      ...smallTitles.slice(1),
    ]);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toMatchObject({ line: 15, field: 'abstract' });
    expect(parsed.warnings[0]?.message).toContain('A Title Without Any Abstract');
  });

  it('keeps "3<z<10" and "A is B" literally', () => {
    const parsed = parseFixture('crlf.txt');
    expect(parsed.papers[2]?.title).toContain('3<z<10');
    expect(parsed.papers[1]?.title).toContain('"A is B"');
  });

  it('strips LaTeX remnants but leaves prices alone', () => {
    const abstract = parseFixture('latex.txt').papers[2]?.abstract ?? '';
    expect(abstract).toContain(
      'We constrain the variation of α over 3<z<10 with 350,757 spectra and $5 million.',
    );
    expect(abstract).not.toMatch(/\\textbf|\{,\}/);
  });

  it.each([
    ['empty.txt', 'DIGEST_EMPTY', /empty/],
    ['whitespace-only.txt', 'DIGEST_EMPTY', /empty/],
    ['binary.txt', 'DIGEST_BINARY', /binary/],
    ['latin1.txt', 'DIGEST_BINARY', /line 11: not valid UTF-8/],
    ['headers-only.txt', 'DIGEST_NO_PAPERS', /no papers/],
  ])('%s is rejected with %s', (name, code, message) => {
    expectAppError(() => parseFixture(name), code, message);
  });
});

describe('parseDigest: JSON', () => {
  it('reads the plain JSON shape and reports bad items by index', () => {
    const parsed = parseFixture('papers.json');
    expect(parsed.format).toBe('json');
    expect(parsed.papers.map((p) => p.title)).toEqual([
      'Provably Robust Conformal Prediction with Improved Efficiency',
      'A Summary-Only Paper',
      'Title only in JSON',
    ]);
    expect(parsed.papers[0]).toMatchObject({
      arxivId: '2404.19651',
      id: 'arxiv:2404.19651',
      authors: ['Ge Yan', 'Yaniv Romano'],
    });
    expect(parsed.papers[1]).toMatchObject({
      arxivId: '2403.01234',
      abstract: 'Uses summary instead of abstract.',
    });
    expect(parsed.warnings.map((w) => w.message)).toEqual([
      'item 2: missing title; skipped',
      'item 3: "Title only in JSON" has no abstract',
    ]);
    expect(parsed.date).toBe('2025-03-10');
    expect(parsed.dateSource).toBe('content');
  });

  it('reads the Hugging Face daily-papers shape', () => {
    const parsed = parseFixture('hf-daily.json');
    expect(parsed.format).toBe('hf-json');
    expect(parsed.papers[0]).toMatchObject({
      id: 'arxiv:2403.05530',
      arxivId: '2403.05530',
      authors: ['Machel Reid', 'Nikolay Savinov'],
      upvotes: 42,
      url: 'https://arxiv.org/abs/2403.05530',
    });
    expect(parsed.date).toBe('2024-03-08');
  });

  it('names the line of a JSON syntax error', () => {
    expectAppError(() => parseFixture('bad.json'), 'DIGEST_MALFORMED', /bad\.json: line 3: invalid JSON/);
  });
});

describe('parseDigest: arXiv feeds', () => {
  it('reads Atom entries with id, authors, categories and links', () => {
    const parsed = parseFixture('arxiv-atom.xml');
    expect(parsed.format).toBe('atom');
    expect(parsed.papers[0]).toMatchObject({
      id: 'arxiv:2403.01234',
      title: 'Graph Neural Networks for Molecules',
      authors: ['Alice Example', 'Bob Example'],
      categories: ['cs.LG', 'q-bio.BM'],
      url: 'http://arxiv.org/abs/2403.01234v2',
    });
    expect(parsed.papers[0]?.abstract).toBe(
      'We apply graph neural networks (G-equivariant) to molecules. Results at 3<z<10 are fine.',
    );
    expect(parsed.papers[1]?.arxivId).toBe('hep-th/9901001');
    expect(parsed.date).toBe('2024-03-02');
  });

  it('reads arXiv RSS items and strips the announce prefix', () => {
    const parsed = parseFixture('arxiv-rss.xml');
    expect(parsed.format).toBe('rss');
    expect(parsed.papers[0]).toMatchObject({
      id: 'arxiv:2403.05555',
      abstract: 'We revisit DPO and reward models.',
      authors: ['Dana One', 'Eve Two'],
      categories: ['cs.LG', 'cs.CL'],
    });
  });

  it('names the line of broken XML', () => {
    expectAppError(
      () => parseFixture('broken.xml'),
      'DIGEST_MALFORMED',
      /broken\.xml: line \d+: invalid XML/,
    );
  });
});

describe('cleanText', () => {
  it.each([
    ['$\\constructor$ and $\\toString$', 'constructor and toString'],
    ['a {\\constructor} b \\hasOwnProperty c', 'a {\\constructor} b \\hasOwnProperty c'],
    ['$\\alpha \\leq \\beta$', 'α ≤ β'],
  ])('treats %s as text, never as a member of Object.prototype', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});
