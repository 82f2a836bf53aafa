/** Reasons: why a paper matched a topic, in words a reader can check. */
import type { ClauseHit, TopicScores } from './score-topic.ts';

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
      // One concept of a longer topic ("urban" in "urban planning") says which.
      return hit.clause.text.toLowerCase() === topic.toLowerCase()
        ? `matched "${topic}" in ${where}`
        : `matched "${hit.clause.text}", part of "${topic}", in ${where}`;
    case 'word':
      return `partial match to "${topic}": "${hit.clause.text}" in ${where}`;
    case 'related':
      return `related to "${topic}": "${hit.clause.text}" in ${where}`;
    case 'liked':
      return `similar to "${hit.clause.text}" that you liked`;
    case 'category':
      return `listed in arXiv ${hit.clause.text}, a category of "${topic}"`;
    default:
      return `matched "${topic}" via "${hit.clause.text}" in ${where}`;
  }
}

/**
 * Reason strings per (topic, paper), built once: the same topic explains the same
 * paper identically in every profile, and a send run explains each pair many times.
 */
const reasonCache = new WeakMap<TopicScores, Map<number, string[]>>();

export function describeTopicMatch(topicScore: TopicScores, paperIndex: number): string[] {
  let perPaper = reasonCache.get(topicScore);
  if (!perPaper) {
    perPaper = new Map();
    reasonCache.set(topicScore, perPaper);
  }
  let reasons = perPaper.get(paperIndex);
  if (!reasons) {
    const hits = topicScore.hits.get(paperIndex) ?? topicScore.explain?.(paperIndex) ?? [];
    reasons = hits.slice(0, 2).map((hit) => describeHit(topicScore.topic, hit));
    perPaper.set(paperIndex, reasons);
  }
  return reasons;
}
