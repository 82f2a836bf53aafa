/**
 * Tune 6: the tune and dev profiles reworded (eval/tune-6/rewordings.json). A rewording keeps its
 * original's grades, so the set measures what no other set can: whether a reader who types the
 * same interest in other words ("fairness of algorithms", "VLMs", "designing proteins") gets the
 * same papers.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type EvalSet, evalRoot } from './eval-sets.ts';
import { evaluate, type Ranker, type RunResult, type Scores } from './metrics.ts';

interface RewordingsFile {
  profiles: { id: string; original: string; rewordings: string[] }[];
}

/** Which profiles of each development set were reworded: set name → id prefix in the file. */
const prefixes: Record<string, string> = {
  'dev, sample digest': 'dev',
  'new profiles, sample digest': 'new',
  tune: 'tune',
  'tune 2': 'tune2',
  'tune 3': 'tune3',
  'tune 4': 'tune4',
  'tune 5': 'tune5',
  'tune 7': 'tune7',
};

export interface RewordedScores {
  original: Scores;
  reworded: Scores[];
  /** Mean Jaccard overlap of each rewording's selection with its original's. */
  sameSelection: number;
}

export function loadRewordings(path = 'eval/tune-6/rewordings.json'): Map<string, string[]> {
  const file = JSON.parse(readFileSync(resolve(evalRoot, path), 'utf8')) as RewordingsFile;
  return new Map(file.profiles.map((p) => [p.id, p.rewordings]));
}

/** Undefined for a set that was not reworded (holdout never is). */
export function scoreRewordings(
  set: EvalSet,
  rank: Ranker,
  rewordings: Map<string, string[]>,
): RewordedScores | undefined {
  const prefix = prefixes[set.name];
  if (prefix === undefined) return undefined;
  // Each profile is ranked once, for its figures and for the overlap of its selection (a ranking
  // depends on the profile's text only, never on its grades).
  const runs = new Map<string, RunResult>();
  const ranker: Ranker = (topic) => {
    let run = runs.get(topic.profile);
    if (!run) {
      run = rank(topic);
      runs.set(topic.profile, run);
    }
    return run;
  };
  const wordings = (id: string): string[] => {
    const found = rewordings.get(`${prefix}:${id}`);
    if (!found) throw new Error(`eval/tune-6: no rewording of ${prefix}:${id}`);
    return found;
  };
  const count = Math.min(...set.topics.map((t) => wordings(t.id).length));
  const reworded = Array.from({ length: count }, (_, k) =>
    evaluate(
      set.topics.map((t) => ({ ...t, profile: wordings(t.id)[k] as string })),
      ranker,
    ),
  );
  let overlap = 0;
  let pairs = 0;
  for (const topic of set.topics) {
    const original = ranker(topic).selected;
    for (const profile of wordings(topic.id).slice(0, count)) {
      const other = ranker({ ...topic, profile }).selected;
      const union = new Set([...original, ...other]).size;
      overlap += union === 0 ? 1 : [...original].filter((title) => other.has(title)).length / union;
      pairs++;
    }
  }
  return { original: evaluate(set.topics, ranker), reworded, sameSelection: overlap / pairs };
}
