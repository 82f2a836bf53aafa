import type { Paper } from '../digest/paper.ts';
import type { PaperIndex } from './build-paper-index.ts';
import { compileTopic, defaultMatchOptions, type MatchOptions } from './compile-topic.ts';
import type { Breadth, Profile } from './profile.ts';
import { type ClauseHit, scoreTopic, type TopicScores } from './score-topic.ts';

/** One paper's place in one profile's ranking. */
export interface RankedPaper {
  paper: Paper;
  /** In [0, 1): strength of the evidence that the paper is on the profile's topics. */
  score: number;
  /** True when the paper goes into the issue. */
  selected: boolean;
  /** Why the paper scored: the topics it matched and the evidence, strongest first. */
  reasons: string[];
  /** Profile topics this paper matched (in profile order). */
  matchedTopics: string[];
}

/**
 * Selection thresholds per breadth. Scores are absolute (see `score-topic.ts`), so a
 * niche topic with one on-topic paper selects one paper and an off-topic profile
 * selects none, instead of always filling `maxPapers`.
 * - `minimum`: the score a paper needs at all (balanced ≈ the topic phrase in the
 *   title, or a synonym mentioned twice in the abstract).
 * - `relative`: share of the topic's best score a paper needs, so that once a
 *   topic has strong papers its passing mentions are not mailed.
 */
export const breadthThresholds: Record<Breadth, { minimum: number; relative: number }> = {
  focused: { minimum: 0.5, relative: 0.6 },
  balanced: { minimum: 0.38, relative: 0.4 },
  broad: { minimum: 0.25, relative: 0.2 },
};

/** A paper counts as "mainly about" an excluded phrase from this score on. */
const exclusionThreshold = 0.5;
/** Below this a topic's evidence is noise and is not reported. */
const reportThreshold = 0.1;

/** Scores per topic, computed once per (index, topic); `createMatcher` caches these. */
export type ScoreTopicFn = (topic: string) => TopicScores;

export function createTopicScorer(
  index: PaperIndex,
  options: MatchOptions = defaultMatchOptions,
): ScoreTopicFn {
  return (topic) => scoreTopic(index, compileTopic(topic, index, options), options);
}

function describeFields(hit: ClauseHit): string {
  const where =
    hit.title > 0 && hit.abstract > 0 ? 'title and abstract' : hit.title > 0 ? 'title' : 'abstract';
  return hit.nearby ? `${where} (words nearby)` : where;
}

/** A reason for one topic, e.g. `matched "RLHF" via "preference optimization" in abstract`. */
export function describeHit(topic: string, hit: ClauseHit): string {
  const where = describeFields(hit);
  switch (hit.clause.relation) {
    case 'topic':
      return `matched "${topic}" in ${where}`;
    case 'word':
      return `partial match to "${topic}": "${hit.clause.text}" in ${where}`;
    case 'related':
      return `related to "${topic}": "${hit.clause.text}" in ${where}`;
    default:
      return `matched "${topic}" via "${hit.clause.text}" in ${where}`;
  }
}

interface Candidate {
  index: number;
  score: number;
  best: number;
  bestTopic: number;
  topics: number[];
  excludedBy?: string;
}

/**
 * Ranks a whole digest for a profile from per-topic scores. The result is sorted
 * best first (ties by digest order) and is the same for the same input.
 */
export function rankPapers(index: PaperIndex, profile: Profile, scoreTopicFn: ScoreTopicFn): RankedPaper[] {
  const topics = [...new Set(profile.topics)];
  const topicScores = topics.map((topic) => scoreTopicFn(topic));
  const excludeScores = [...new Set(profile.exclude)].map((phrase) => scoreTopicFn(phrase));
  const thresholds = breadthThresholds[profile.breadth];
  const bestPerTopic = topicScores.map((scores) => scores.scores.reduce((max, s) => Math.max(max, s), 0));

  const candidates: Candidate[] = index.papers.map((_, paperIndex) => {
    let best = 0;
    let bestTopic = -1;
    const matched: number[] = [];
    const values: number[] = [];
    for (const [t, scores] of topicScores.entries()) {
      const s = scores.scores[paperIndex] ?? 0;
      if (s >= reportThreshold) matched.push(t);
      values.push(s);
      if (s > best) {
        best = s;
        bestTopic = t;
      }
    }
    // Matching a second topic adds a little: the issue is about the profile as a whole.
    let miss = 1 - best;
    for (const [t, s] of values.entries()) if (t !== bestTopic) miss *= 1 - 0.3 * s;
    const candidate: Candidate = { index: paperIndex, score: 1 - miss, best, bestTopic, topics: matched };
    for (const exclude of excludeScores) {
      if ((exclude.scores[paperIndex] ?? 0) >= exclusionThreshold) {
        candidate.excludedBy = exclude.topic;
        break;
      }
    }
    return candidate;
  });

  // Excluded papers rank last so a full listing reads top-down; their score is kept.
  candidates.sort(
    (a, b) =>
      Number(a.excludedBy !== undefined) - Number(b.excludedBy !== undefined) ||
      b.score - a.score ||
      a.index - b.index,
  );

  let selectedCount = 0;
  return candidates.map((candidate) => {
    const paper = index.papers[candidate.index] as Paper;
    const bestOfTopic = bestPerTopic[candidate.bestTopic] ?? 0;
    const passes =
      candidate.excludedBy === undefined &&
      candidate.best >= thresholds.minimum &&
      candidate.best >= thresholds.relative * bestOfTopic &&
      selectedCount < profile.maxPapers;
    if (passes) selectedCount++;
    const reasons: string[] = [];
    if (candidate.excludedBy !== undefined) reasons.push(`excluded: mainly about "${candidate.excludedBy}"`);
    for (const t of candidate.topics) {
      const topicScore = topicScores[t];
      const hits = topicScore?.hits.get(candidate.index) ?? [];
      for (const hit of hits.slice(0, 2)) reasons.push(describeHit(topicScore?.topic ?? '', hit));
    }
    return {
      paper,
      score: Math.round(candidate.score * 1e6) / 1e6,
      selected: passes,
      reasons,
      matchedTopics: candidate.topics.map((t) => topics[t] ?? ''),
    };
  });
}

/**
 * Ranks every paper of a digest for one profile and marks the ones to send.
 *
 * @example
 * const index = buildPaperIndex(papers);
 * const ranked = matchPapers(index, Profile.parse({ topics: ['conformal prediction'] }));
 * const issuePapers = ranked.filter((r) => r.selected);
 */
export function matchPapers(
  index: PaperIndex,
  profile: Profile,
  options: MatchOptions = defaultMatchOptions,
): RankedPaper[] {
  return rankPapers(index, profile, createTopicScorer(index, options));
}
