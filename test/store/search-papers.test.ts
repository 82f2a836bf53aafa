import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDigest } from '../../src/digest/index.ts';
import { findPapers, readPaperQuery, type Store } from '../../src/store/index.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';

const now = new Date('2025-03-12T08:00:00Z');

describe('readPaperQuery', () => {
  it('reads an arXiv id, arXiv: id or paper URL on its own as that paper', () => {
    for (const text of [
      '2403.01234',
      ' arXiv:2403.01234v2 ',
      'https://arxiv.org/abs/2403.01234v3',
      'https://arxiv.org/pdf/2403.01234',
      'https://huggingface.co/papers/2403.01234',
    ]) {
      expect(readPaperQuery(text), text).toEqual({ arxivId: '2403.01234' });
    }
    expect(readPaperQuery('hep-th/9901001')).toEqual({ arxivId: 'hep-th/9901001' });
  });

  it('reads anything else as words: lower-cased, once each, letters and digits only', () => {
    expect(readPaperQuery('Conformal  prediction, CONFORMAL 3D')).toEqual({
      words: ['conformal', 'prediction', '3d'],
    });
    // Wildcards and quotes are not words, so `50%` finds "50", not everything.
    expect(readPaperQuery('100% _ a "x"')).toEqual({ words: ['100'] });
    expect(readPaperQuery('深度学习 GPT-4')).toEqual({ words: ['深度学习', 'gpt'] });
    expect(readPaperQuery('attention 2403.01234')).toEqual({ words: ['attention', '2403', '01234'] });
    expect(readPaperQuery(Array.from({ length: 12 }, (_, i) => `word${i}`).join(' '))).toEqual({
      words: Array.from({ length: 8 }, (_, i) => `word${i}`),
    });
  });
});

describe.each(testBackends)('findPapers on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = createTestDatabase(backend);
    store = await database.open();
    const ingest = async (date: string, papers: object[]) =>
      store.papers.ingestDigest({
        path: `/d/${date}.json`,
        contentHash: date,
        parsed: parseDigest({
          bytes: Buffer.from(JSON.stringify(papers)),
          fileName: `${date}-x.json`,
          now,
        }),
        now,
      });
    await ingest('2025-03-10', [
      { title: 'Reward models for alignment', abstract: 'We study Conformal Prediction of rewards.' },
      { title: 'A survey', abstract: 'Nothing about it: 50% of surveys.' },
    ]);
    await ingest('2025-03-11', [
      { title: 'Conformal Prediction under shift', abstract: 'Coverage guarantees.', arxivId: '2403.01234' },
      { title: 'Prediction markets', abstract: 'Conformal? Not at all.' },
      { title: '深度学习的新方法', abstract: '一种方法。' },
    ]);
  });
  afterAll(async () => {
    await store.close();
    await database.destroy();
  });

  const titles = async (text: string, limit?: number) =>
    (await findPapers(store.papers, text, limit ? { limit } : {})).papers.map((p) => p.title);

  it('finds papers with every word in the title or abstract, titles first, then the newest', async () => {
    expect(await titles('conformal prediction')).toEqual([
      'Conformal Prediction under shift',
      'Prediction markets',
      'Reward models for alignment',
    ]);
    expect(await titles('CONFORMAL rewards')).toEqual(['Reward models for alignment']);
    expect(await titles('coverage shift')).toEqual(['Conformal Prediction under shift']);
    expect(await titles('深度学习')).toEqual(['深度学习的新方法']);
    expect(await titles('nothing-like-this')).toEqual([]);
  });

  it('says when more papers match than it returns', async () => {
    const some = await findPapers(store.papers, 'prediction', { limit: 2 });
    expect(some.papers).toHaveLength(2);
    expect(some.more).toBe(true);
    expect((await findPapers(store.papers, 'prediction', { limit: 3 })).more).toBe(false);
  });

  it('finds a paper by its arXiv id or URL, and nothing for an unknown one', async () => {
    expect(await titles('https://arxiv.org/abs/2403.01234v2')).toEqual(['Conformal Prediction under shift']);
    expect(await titles('2403.99999')).toEqual([]);
  });

  it('treats a percent sign or underscore as nothing, not as a wildcard', async () => {
    expect(await titles('50%')).toEqual(['A survey']);
    expect(await titles('%')).toEqual([]);
    expect(await titles('_')).toEqual([]);
  });
});
