/**
 * Scores the matcher against the graded dev judgments, next to two baselines and an
 * ablation of each matcher component. Run with `npm run eval:match`.
 *
 * Metrics (relevant = grade ≥ 1):
 * - nDCG@10 with gain 2^grade − 1 over the judged grades;
 * - P@5 of the ranking;
 * - precision / recall / F1 of the *selected* set, pooled over all profiles
 *   (micro) so that profiles with one relevant paper do not dominate.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDigest } from '../src/digest/index.ts';
import type { Paper } from '../src/digest/paper.ts';
import {
  buildPaperIndex,
  defaultMatchOptions,
  type MatchOptions,
  matchPapers,
  type PaperIndex,
  Profile,
  parseTopics,
} from '../src/match/index.ts';

interface Judgments {
  corpus: string;
  topics: { profile: string; relevant: Record<string, number> }[];
}

/** A ranker's output: ranked titles and the subset it would send. */
interface RunResult {
  ranked: string[];
  selected: Set<string>;
}

type Ranker = (profileText: string) => RunResult;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const judgmentsPath = resolve(root, process.argv[2] ?? 'eval/dev-relevance.json');
const judgments = JSON.parse(readFileSync(judgmentsPath, 'utf8')) as Judgments;
const corpusPath = resolve(root, judgments.corpus);
const papers: Paper[] = parseDigest({ text: readFileSync(corpusPath, 'utf8'), fileName: corpusPath }).papers;

const normalizeTitle = (title: string): string => title.replace(/\s+/g, ' ').trim().toLowerCase();

// ── Baselines ───────────────────────────────────────────────────────────

/** Case-insensitive substring counts of each topic; sends every paper that mentions one. */
function rankBySubstring(profileText: string): RunResult {
  const topics = parseTopics(profileText).map((topic) => topic.toLowerCase());
  const count = (text: string, needle: string): number => text.toLowerCase().split(needle).length - 1;
  const scored = papers
    .map((paper, order) => ({
      title: paper.title,
      order,
      score: topics.reduce(
        (sum, topic) => sum + 2 * count(paper.title, topic) + count(paper.abstract, topic),
        0,
      ),
    }))
    .sort((a, b) => b.score - a.score || a.order - b.order);
  const selected = new Set(
    scored
      .filter((entry) => entry.score > 0)
      .slice(0, 10)
      .map((entry) => entry.title),
  );
  return { ranked: scored.map((entry) => entry.title), selected };
}

const bm25Words = (text: string): string[] =>
  (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter(
    (word) => !['a', 'an', 'and', 'the', 'of', 'for', 'in', 'to', 'on'].includes(word),
  );

/** Plain BM25 (k1 = 1.2, b = 0.75) over title + abstract, no stemming or expansion. */
function createBm25Ranker(): Ranker {
  const docs = papers.map((paper) => bm25Words(`${paper.title} ${paper.abstract}`));
  const averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / docs.length;
  const documentFrequency = new Map<string, number>();
  for (const doc of docs)
    for (const word of new Set(doc)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  return (profileText) => {
    const query = [...new Set(bm25Words(profileText))];
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

function createMatcherRanker(index: PaperIndex, options: MatchOptions): Ranker {
  return (profileText) => {
    const ranked = matchPapers(index, Profile.parse({ topics: parseTopics(profileText) }), options);
    return {
      ranked: ranked.map((entry) => entry.paper.title),
      selected: new Set(ranked.filter((entry) => entry.selected).map((entry) => entry.paper.title)),
    };
  };
}

// ── Metrics ─────────────────────────────────────────────────────────────

interface Scores {
  ndcg10: number;
  p5: number;
  precision: number;
  recall: number;
  f1: number;
}

function evaluate(ranker: Ranker): Scores {
  let ndcgSum = 0;
  let p5Sum = 0;
  let truePositives = 0;
  let selectedTotal = 0;
  let relevantTotal = 0;
  for (const topic of judgments.topics) {
    const grades = new Map(
      Object.entries(topic.relevant).map(([title, grade]) => [normalizeTitle(title), grade]),
    );
    const { ranked, selected } = ranker(topic.profile);
    const gradeOf = (title: string): number => grades.get(normalizeTitle(title)) ?? 0;
    const gain = (grade: number): number => 2 ** grade - 1;
    const dcg = ranked
      .slice(0, 10)
      .reduce((sum, title, i) => sum + gain(gradeOf(title)) / Math.log2(i + 2), 0);
    const ideal = [...grades.values()]
      .sort((a, b) => b - a)
      .slice(0, 10)
      .reduce((sum, grade, i) => sum + gain(grade) / Math.log2(i + 2), 0);
    ndcgSum += ideal > 0 ? dcg / ideal : 1;
    p5Sum += ranked.slice(0, 5).filter((title) => gradeOf(title) >= 1).length / 5;
    const relevant = [...grades.values()].filter((grade) => grade >= 1).length;
    relevantTotal += relevant;
    selectedTotal += selected.size;
    truePositives += [...selected].filter((title) => gradeOf(title) >= 1).length;
  }
  const n = judgments.topics.length;
  const precision = selectedTotal === 0 ? 1 : truePositives / selectedTotal;
  const recall = relevantTotal === 0 ? 1 : truePositives / relevantTotal;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ndcg10: ndcgSum / n, p5: p5Sum / n, precision, recall, f1 };
}

function formatRow(name: string, scores: Scores): string {
  const cells = [scores.ndcg10, scores.p5, scores.precision, scores.recall, scores.f1].map((value) =>
    value.toFixed(3),
  );
  return `| ${name.padEnd(34)} | ${cells.join(' | ')} |`;
}

const header = `| ${'ranker'.padEnd(34)} | nDCG@10 | P@5   | sel. P | sel. R | sel. F1 |\n|${'-'.repeat(36)}|---------|-------|--------|--------|---------|`;

const index = buildPaperIndex(papers);
console.log(
  `dev set: ${judgments.topics.length} profiles over ${papers.length} papers (${judgments.corpus})\n`,
);
console.log('## Matcher vs baselines\n');
console.log(header);
console.log(formatRow('keyword substring', evaluate(rankBySubstring)));
console.log(formatRow('plain BM25', evaluate(createBm25Ranker())));
const full = evaluate(createMatcherRanker(index, defaultMatchOptions));
console.log(formatRow('paperboy matcher', full));

console.log('\n## Ablation (one component removed at a time)\n');
console.log(header);
console.log(formatRow('full matcher', full));
const ablations: [string, MatchOptions, PaperIndex][] = [
  ['− thesaurus expansion', { ...defaultMatchOptions, thesaurus: false }, index],
  ['− acronym handling', { ...defaultMatchOptions, acronyms: false }, index],
  ['− phrase proximity', { ...defaultMatchOptions, proximity: false }, index],
  ['− context gating of ambiguous words', { ...defaultMatchOptions, contextGating: false }, index],
  ['− title boost', { ...defaultMatchOptions, titleBoost: 1 }, index],
  ['− stemming', defaultMatchOptions, buildPaperIndex(papers, { stem: false })],
  [
    'lexical core only (all removed)',
    { thesaurus: false, acronyms: false, proximity: false, contextGating: false, titleBoost: 1 },
    buildPaperIndex(papers, { stem: false }),
  ],
];
for (const [name, options, ablationIndex] of ablations) {
  console.log(formatRow(name, evaluate(createMatcherRanker(ablationIndex, options))));
}
console.log(
  '\nTargets: nDCG@10 ≥ 0.90, selection F1 ≥ 0.80. No dense model: no npm package ships embedding weights.',
);
