/**
 * nDCG@10 with gain 2^grade − 1 over the judged grades (a profile with no relevant paper scores 1),
 * P@5, and precision / recall / F1 of the *selected* set pooled over all profiles (micro), so that
 * profiles with one relevant paper do not dominate and selecting anything for a profile with no
 * relevant paper costs precision. Relevant = grade ≥ 1.
 */
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
  /** nDCG@10 and F1 of each profile, for the worst-case columns of the feedback eval. */
  perTopic: { id: string; ndcg10: number; f1: number }[];
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
    perTopic.push({ id: topic.id, ndcg10, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) });
  }
  const n = Math.max(1, topics.length);
  const precision = selectedTotal === 0 ? 1 : truePositives / selectedTotal;
  const recall = relevantTotal === 0 ? 1 : truePositives / relevantTotal;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ndcg10: ndcgSum / n, p5: p5Sum / n, precision, recall, f1, perTopic };
}
