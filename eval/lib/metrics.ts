/**
 * nDCG@10 with gain 2^grade − 1 over the judged grades (a profile with no relevant paper scores 1),
 * P@5, and precision / recall / F1 of the *selected* set pooled over all profiles (micro), so that
 * profiles with one relevant paper do not dominate and selecting anything for a profile with no
 * relevant paper costs precision. Relevant = grade ≥ 1.
 */
import { createRandom } from '../../test/helpers/create-random.ts';
import { type JudgedTopic, normalizeTitle } from './eval-sets.ts';

/** A ranker's output for one profile: ranked titles and the subset it would send. */
export interface RunResult {
  ranked: string[];
  selected: Set<string>;
}

export type Ranker = (topic: JudgedTopic) => RunResult;

export interface Scores {
  ndcg10: number;
  p5: number;
  precision: number;
  recall: number;
  f1: number;
  /**
   * Each profile's nDCG@10 and F1 (the worst-case columns of the feedback eval), and its counts of
   * selected, relevant and relevant-selected papers (the micro F1 of a resample of profiles).
   */
  perTopic: { id: string; ndcg10: number; f1: number; tp: number; selected: number; relevant: number }[];
}

const gain = (grade: number): number => 2 ** grade - 1;

export function scoreRun(topic: JudgedTopic, run: RunResult): { ndcg10: number; p5: number; tp: number } {
  const gradeOf = (title: string): number => topic.grades.get(normalizeTitle(title)) ?? 0;
  const dcg = run.ranked
    .slice(0, 10)
    .reduce((sum, title, i) => sum + gain(gradeOf(title)) / Math.log2(i + 2), 0);
  const ideal = [...topic.grades.values()]
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((sum, grade, i) => sum + gain(grade) / Math.log2(i + 2), 0);
  return {
    ndcg10: ideal > 0 ? dcg / ideal : 1,
    p5: run.ranked.slice(0, 5).filter((title) => gradeOf(title) >= 1).length / 5,
    tp: [...run.selected].filter((title) => gradeOf(title) >= 1).length,
  };
}

export function evaluate(topics: JudgedTopic[], ranker: Ranker): Scores {
  let ndcgSum = 0;
  let p5Sum = 0;
  let truePositives = 0;
  let selectedTotal = 0;
  let relevantTotal = 0;
  const perTopic: Scores['perTopic'] = [];
  for (const topic of topics) {
    const run = ranker(topic);
    const { ndcg10, p5, tp } = scoreRun(topic, run);
    const relevant = [...topic.grades.values()].filter((grade) => grade >= 1).length;
    ndcgSum += ndcg10;
    p5Sum += p5;
    relevantTotal += relevant;
    selectedTotal += run.selected.size;
    truePositives += tp;
    const p = run.selected.size === 0 ? 1 : tp / run.selected.size;
    const r = relevant === 0 ? 1 : tp / relevant;
    perTopic.push({
      id: topic.id,
      ndcg10,
      f1: p + r === 0 ? 0 : (2 * p * r) / (p + r),
      tp,
      selected: run.selected.size,
      relevant,
    });
  }
  const n = Math.max(1, topics.length);
  return {
    ndcg10: ndcgSum / n,
    p5: p5Sum / n,
    ...microF1(truePositives, selectedTotal, relevantTotal),
    perTopic,
  };
}

function microF1(tp: number, selected: number, relevant: number) {
  const precision = selected === 0 ? 1 : tp / selected;
  const recall = relevant === 0 ? 1 : tp / relevant;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

type PerTopic = Scores['perTopic'];

/** nDCG@10 (mean over profiles) and micro F1 of some profiles. */
function summarize(profiles: PerTopic): { ndcg10: number; f1: number } {
  let ndcg = 0;
  let tp = 0;
  let selected = 0;
  let relevant = 0;
  for (const p of profiles) {
    ndcg += p.ndcg10;
    tp += p.tp;
    selected += p.selected;
    relevant += p.relevant;
  }
  return { ndcg10: ndcg / Math.max(1, profiles.length), f1: microF1(tp, selected, relevant).f1 };
}

export interface Interval {
  low: number;
  high: number;
}

/** "[0.489, 0.720]", as every eval table prints an interval. */
export const formatInterval = ({ low, high }: Interval): string => `[${low.toFixed(3)}, ${high.toFixed(3)}]`;

const resamples = 2000;

/**
 * How far the figures of a set of 10–26 profiles move with the luck of which profiles were written:
 * a percentile bootstrap over profiles (the profiles drawn again with replacement, 2,000 times,
 * seeded). `minus` gives the interval of a difference: to another, independent set of profiles
 * (tune − holdout), each resampled on its own, or, `paired`, to another run over the same profiles
 * in the same order (with feedback − without), resampled together. A change smaller than these
 * intervals is as likely the profiles as the matcher.
 */
export function bootstrapIntervals(
  profiles: PerTopic,
  { minus, paired = false, level = 0.9 }: { minus?: PerTopic; paired?: boolean; level?: number } = {},
): { ndcg10: Interval; f1: Interval } {
  const random = createRandom(20_261_202);
  const drawIndices = (length: number): number[] =>
    Array.from({ length }, () => Math.floor(random() * length));
  const pick = (from: PerTopic, indices: number[]): PerTopic =>
    indices.map((i) => from[i] as PerTopic[number]);
  const ndcg: number[] = [];
  const f1: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const indices = drawIndices(profiles.length);
    const a = summarize(pick(profiles, indices));
    const b = minus
      ? summarize(pick(minus, paired ? indices : drawIndices(minus.length)))
      : { ndcg10: 0, f1: 0 };
    ndcg.push(a.ndcg10 - b.ndcg10);
    f1.push(a.f1 - b.f1);
  }
  const bounds = (values: number[]): Interval => {
    values.sort((x, y) => x - y);
    const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
    return { low: at((1 - level) / 2), high: at(1 - (1 - level) / 2) };
  };
  return { ndcg10: bounds(ndcg), f1: bounds(f1) };
}
