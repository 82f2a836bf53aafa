import type { Paper } from '../digest/paper.ts';
import type { PaperIndex } from './build-paper-index.ts';
import { defaultMatchOptions, type MatchOptions } from './compiled-topic.ts';
import { createTopicScorer, type ScoreTopicFn } from './create-topic-scorer.ts';
import { describeTopicMatch } from './describe-match.ts';

export { createTopicScorer, type ScoreTopicFn } from './create-topic-scorer.ts';

import type { Profile } from './profile.ts';
import {
  buildCandidate,
  type Candidate,
  compareCandidates,
  findClosestPaper,
  passesThresholds,
  type RankContext,
  selectTopCandidates,
} from './rank-candidates.ts';

export { breadthThresholds } from './rank-candidates.ts';

import { noRatings, type Ratings, scoreFeedback } from './score-feedback.ts';

export { describeHit } from './describe-match.ts';

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

/** Below this a topic's evidence is noise and is not reported. */
const reportThreshold = 0.1;

/** From this closeness to the liked papers on, a boosted paper says why. */
const likedReasonFrom = 0.2;

/** How the liked papers appear among a paper's matched topics. */
export const likedTopicLabel = 'papers you liked';

function toRankedPaper(ctx: RankContext, candidate: Candidate, selected: boolean): RankedPaper {
  const reasons: string[] = [];
  const matchedTopics: string[] = [];
  if (candidate.excludedBy !== undefined) reasons.push(`excluded: mainly about "${candidate.excludedBy}"`);
  for (const [t, topicScore] of ctx.topicScores.entries()) {
    if ((topicScore.scores[candidate.index] ?? 0) < reportThreshold) continue;
    matchedTopics.push(ctx.topics[t] ?? topicScore.topic);
    reasons.push(...describeTopicMatch(topicScore, candidate.index));
  }
  if (ctx.liked && (ctx.closeToLiked?.(candidate.index) ?? 0) >= likedReasonFrom) {
    reasons.unshift(...describeTopicMatch(ctx.liked, candidate.index));
  }
  return {
    paper: ctx.index.papers[candidate.index] as Paper,
    score: Math.round(candidate.score * 1e6) / 1e6,
    selected,
    reasons,
    matchedTopics,
  };
}

/**
 * Ranks a whole digest for a profile from per-topic scores. The result is sorted
 * best first (ties by digest order) and is the same for the same input. With
 * `selectedOnly`, returns just the selected papers, computed without a full ranking:
 * a send run calls this once per distinct profile.
 */
export function rankPapers(
  index: PaperIndex,
  profile: Profile,
  scoreTopicFn: ScoreTopicFn,
  { selectedOnly = false, ratings = noRatings }: { selectedOnly?: boolean; ratings?: Ratings } = {},
): RankedPaper[] {
  const topics = [...new Set(profile.topics)];
  const feedback = scoreFeedback(index, ratings, likedTopicLabel, { asTopic: topics.length === 0 });
  // Example papers alone are the profile; next to typed topics they re-rank what the topics find.
  const likedAsTopic = topics.length === 0 ? feedback.liked : undefined;
  const likedAsBoost = topics.length > 0 ? feedback.liked : undefined;
  const ctx: RankContext = {
    index,
    profile,
    topics: likedAsTopic ? [likedTopicLabel] : topics,
    topicScores: likedAsTopic ? [likedAsTopic] : topics.map((topic) => scoreTopicFn(topic)),
    ...(likedAsBoost && feedback.closeToLiked
      ? { liked: likedAsBoost, closeToLiked: feedback.closeToLiked }
      : {}),
    excludeScores: [...new Set(profile.exclude)].map((phrase) => scoreTopicFn(phrase)),
    ...(feedback.keep ? { keep: feedback.keep } : {}),
  };
  if (selectedOnly) {
    const top = selectTopCandidates(ctx);
    const closest = top.length > 0 ? undefined : findClosestPaper(ctx);
    return (closest ? [closest] : top).map((candidate) => toRankedPaper(ctx, candidate, true));
  }

  const seen = new Uint8Array(index.papers.length);
  const values = new Float64Array(ctx.topics.length);
  const candidates: Candidate[] = [];
  for (const topicScore of ctx.topicScores) {
    for (const paperIndex of topicScore.matched) {
      if (seen[paperIndex] === 1) continue;
      seen[paperIndex] = 1;
      candidates.push(buildCandidate(ctx, paperIndex, values));
    }
  }
  // Excluded papers rank last so a full listing reads top-down; their score is kept.
  candidates.sort(compareCandidates);
  let selectedCount = 0;
  const passing = candidates.map((candidate) => {
    const selected = selectedCount < profile.maxPapers && passesThresholds(ctx, candidate);
    if (selected) selectedCount++;
    return selected;
  });
  // A day with nothing for the profile may still have its closest paper (the same as a send run picks).
  const closest = selectedCount === 0 ? findClosestPaper(ctx, candidates)?.index : undefined;
  const ranked = candidates.map((candidate, i) => {
    const selected = passing[i] === true || candidate.index === closest;
    return toRankedPaper(ctx, candidate, selected);
  });
  // Papers no topic touched follow in digest order.
  for (const [paperIndex, paper] of index.papers.entries()) {
    if (seen[paperIndex] !== 1)
      ranked.push({ paper, score: 0, selected: false, reasons: [], matchedTopics: [] });
  }
  return ranked;
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
  ratings: Ratings = noRatings,
): RankedPaper[] {
  return rankPapers(index, profile, createTopicScorer(index, options), { ratings });
}
