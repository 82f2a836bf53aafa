import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDigest } from '../../src/digest/index.ts';
import { loadArchiveStats, type Store } from '../../src/store/index.ts';
import { readDigestFixture, samplePath } from '../helpers/fixtures.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';

const now = new Date('2025-03-11T08:00:00Z');

describe.each(testBackends)('PaperRepository on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = createTestDatabase(backend);
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
  });

  const sample = () =>
    parseDigest({ bytes: readFileSync(samplePath), fileName: '2025-03-11-daily.txt', mtime: now, now });

  it('stores a digest and lists its papers in order', async () => {
    const parsed = sample();
    const result = await store.papers.ingestDigest({ path: '/d/a.txt', contentHash: 'h1', parsed, now });
    expect(result).toMatchObject({ paperCount: 63, newCount: 63 });
    const papers = await store.papers.listPapers({ digestDate: '2025-03-11' });
    expect(papers.map((p) => p.title)).toEqual(parsed.papers.map((p) => p.title));
    expect(papers[0]?.digestDate).toBe('2025-03-11');
    expect(await store.papers.latestDigestDate('2025-03-12')).toBe('2025-03-11');
    expect(await store.papers.findDigestByHash('h1')).toMatchObject({
      paper_count: 63,
      status: 'ok',
      date_source: 'filename',
    });
  });

  it('stores the same paper in two digests once and remembers its first date', async () => {
    const parsed = sample();
    await store.papers.ingestDigest({
      path: '/d/b.txt',
      contentHash: 'h2',
      parsed: { ...parsed, date: '2025-03-12' },
      now,
    });
    const second = await store.papers.ingestDigest({ path: '/d/a.txt', contentHash: 'h1', parsed, now });
    expect(second.newCount).toBe(0);
    expect(await store.papers.countPapers()).toBe(63);
    const all = await store.papers.listPapers();
    expect(new Set(all.map((p) => p.digestDate))).toEqual(new Set(['2025-03-11']));
    expect(await store.papers.listPapers({ digestDate: '2025-03-12' })).toHaveLength(63);
  });

  it('merges a title-only paper with a later source that knows its arXiv id', async () => {
    const text = parseDigest({ bytes: readDigestFixture('crlf.txt'), fileName: '2025-03-10.txt', now });
    await store.papers.ingestDigest({ path: '/d/t.txt', contentHash: 'ht', parsed: text, now });
    const json = parseDigest({ bytes: readDigestFixture('papers.json'), fileName: 'p.json', now });
    const result = await store.papers.ingestDigest({
      path: '/d/p.json',
      contentHash: 'hj',
      parsed: json,
      now,
    });
    expect(result.newCount).toBe(2);
    const all = await store.papers.listPapers();
    const conformal = all.filter((p) => p.title.startsWith('Provably Robust Conformal'));
    expect(conformal).toHaveLength(1);
    expect(conformal[0]).toMatchObject({ arxivId: '2404.19651', digestDate: '2025-03-10' });
  });

  it('merges what each source knows about one arXiv paper: upvotes, categories, published date', async () => {
    const paper = { id: 'arxiv:2403.05530', title: 'Gemini 1.5', abstract: 'Long context.', authors: [] };
    const digest = (date: string, extra: object) => ({
      format: 'json' as const,
      date,
      dateSource: 'filename' as const,
      warnings: [],
      papers: [{ ...paper, arxivId: '2403.05530', categories: [], ...extra }],
    });
    const arrivals: [string, object][] = [
      ['2024-03-11', { upvotes: 12 }], // Hugging Face
      ['2024-03-12', { categories: ['cs.CL', 'cs.AI'], publishedAt: '2024-03-08T18:54:20Z' }], // arXiv
      ['2024-03-13', { upvotes: 58 }], // Hugging Face again, more upvotes
      ['2024-03-14', { upvotes: 3 }], // a source with an older count
    ];
    for (const [date, extra] of arrivals) {
      await store.papers.ingestDigest({
        path: `/d/${date}.json`,
        contentHash: date,
        parsed: digest(date, extra),
        now,
      });
    }
    const stored = await store.papers.listPapers();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      digestDate: '2024-03-11',
      upvotes: 58,
      categories: ['cs.CL', 'cs.AI'],
      publishedAt: '2024-03-08T18:54:20Z',
    });
  });

  it('a changed file replaces its earlier version', async () => {
    const parsed = sample();
    await store.papers.ingestDigest({ path: '/d/a.txt', contentHash: 'v1', parsed, now });
    const shorter = { ...parsed, papers: parsed.papers.slice(0, 10) };
    await store.papers.ingestDigest({ path: '/d/a.txt', contentHash: 'v2', parsed: shorter, now });
    expect(await store.papers.listPapers({ digestDate: '2025-03-11' })).toHaveLength(10);
    expect(await store.papers.findDigestByHash('v1')).toBeUndefined();
    expect((await store.papers.listRecentDigests()).map((d) => d.status)).toEqual(['ok', 'superseded']);
    expect(await store.papers.listDigestDates()).toEqual([
      { date: '2025-03-11', paperCount: 10, yearGuessed: false },
    ]);
  });

  it('marks an edition whose year every digest guessed, and trusts one digest that knew it', async () => {
    // "Mar 11" with no year: the year comes from the file's modification time.
    const guessed = parseDigest({ bytes: readFileSync(samplePath), fileName: 'daily.txt', mtime: now, now });
    expect(guessed).toMatchObject({ date: '2025-03-11', dateSource: 'mtime-year' });
    await store.papers.ingestDigest({ path: '/d/daily.txt', contentHash: 'g1', parsed: guessed, now });
    expect(await store.papers.listDigestDates()).toEqual([
      { date: '2025-03-11', paperCount: 63, yearGuessed: true },
    ]);
    await store.papers.ingestDigest({ path: '/d/2025-03-11.txt', contentHash: 'h1', parsed: sample(), now });
    expect(await store.papers.listDigestDates()).toEqual([
      { date: '2025-03-11', paperCount: 63, yearGuessed: false },
    ]);
  });

  it('records failed digests without touching papers', async () => {
    await store.papers.recordFailedDigest({
      path: '/d/bad.txt',
      contentHash: 'hb',
      error: 'line 4: boom',
      now,
    });
    expect(await store.papers.countPapers()).toBe(0);
    expect(await store.papers.latestDigestDate('2025-03-12')).toBeUndefined();
    expect((await store.papers.listRecentDigests())[0]).toMatchObject({
      status: 'error',
      error: 'line 4: boom',
    });
  });

  it('gives the matcher word statistics of the papers stored before a digest date', async () => {
    await store.papers.ingestDigest({ path: '/d/a.txt', contentHash: 'h1', parsed: sample(), now });
    const later = parseDigest({
      text: JSON.stringify([
        { title: 'Radiocarbon dating of lake sediments', abstract: 'Radiocarbon dating of cores.' },
      ]),
      fileName: '2025-03-12-daily.json',
      now,
    });
    await store.papers.ingestDigest({ path: '/d/b.json', contentHash: 'h2', parsed: later, now });
    const before = await loadArchiveStats(store.papers, { before: '2025-03-12' });
    expect(before.documents).toBe(63);
    expect(before.df.get('radiocarbon')).toBeUndefined();
    const all = await loadArchiveStats(store.papers);
    expect(all.documents).toBe(64);
    expect(all.df.get('radiocarbon')).toBe(1);
  });
});
