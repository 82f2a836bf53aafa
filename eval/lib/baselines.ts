/** The two reference rankers every matcher change is measured against. */
import type { Paper } from '../../src/digest/paper.ts';
import { parseTopics } from '../../src/match/index.ts';
import type { Ranker, RunResult } from './metrics.ts';

/** Case-insensitive substring counts of each topic; sends every paper that mentions one. */
export function createKeywordRanker(papers: Paper[]): Ranker {
  return (topic): RunResult => {
    const topics = parseTopics(topic.profile).map((t) => t.toLowerCase());
    const count = (text: string, needle: string): number => text.toLowerCase().split(needle).length - 1;
    const scored = papers
      .map((paper, order) => ({
        title: paper.title,
        order,
        score: topics.reduce((sum, t) => sum + 2 * count(paper.title, t) + count(paper.abstract, t), 0),
      }))
      .sort((a, b) => b.score - a.score || a.order - b.order);
    const selected = new Set(
      scored
        .filter((entry) => entry.score > 0)
        .slice(0, 10)
        .map((entry) => entry.title),
    );
    return { ranked: scored.map((entry) => entry.title), selected };
  };
}

const bm25Words = (text: string): string[] =>
  (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter(
    (word) => !['a', 'an', 'and', 'the', 'of', 'for', 'in', 'to', 'on'].includes(word),
  );

/** Plain BM25 (k1 = 1.2, b = 0.75) over title + abstract, no stemming or expansion. */
export function createBm25Ranker(papers: Paper[]): Ranker {
  const docs = papers.map((paper) => bm25Words(`${paper.title} ${paper.abstract}`));
  const averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, docs.length);
  const documentFrequency = new Map<string, number>();
  for (const doc of docs)
    for (const word of new Set(doc)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  return (topic) => {
    const query = [...new Set(bm25Words(topic.profile))];
    const scored = docs
      .map((doc, order) => {
        let score = 0;
        for (const word of query) {
          const tf = doc.filter((w) => w === word).length;
          if (tf === 0) continue;
          const df = documentFrequency.get(word) ?? 0;
          const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
          score += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * doc.length) / averageLength));
        }
        return { title: papers[order]?.title ?? '', order, score };
      })
      .sort((a, b) => b.score - a.score || a.order - b.order);
    // Without calibrated scores the best a plain ranker can do is keep what is close to the top.
    const top = scored[0]?.score ?? 0;
    const selected = new Set(
      scored
        .filter((entry) => entry.score > 0 && entry.score >= 0.5 * top)
        .slice(0, 10)
        .map((entry) => entry.title),
    );
    return { ranked: scored.map((entry) => entry.title), selected };
  };
}
