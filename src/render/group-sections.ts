import { findMainTopic, type ReadReason, readReasons } from './describe-why.ts';
import type { IssuePaper } from './issue-data.ts';

/** The papers of one topic, in the matcher's order; `topic` is undefined for papers that named none. */
export interface TopicGroup {
  topic: string | undefined;
  papers: { ranked: IssuePaper; reasons: ReadReason[] }[];
}

/**
 * Groups an issue's papers by the topic each is most about, so each paper appears once and the
 * counts add up to the issue. Biggest group first, ties in the subscriber's order; papers without a
 * topic come last.
 *
 * @example groupByTopic(papers, ['RLHF', 'diffusion models']).map((g) => [g.topic, g.papers.length])
 * // [['RLHF', 6], ['diffusion models', 2]]
 */
export function groupByTopic(papers: readonly IssuePaper[], topics: readonly string[]): TopicGroup[] {
  const groups = new Map<string | undefined, TopicGroup>();
  for (const ranked of papers) {
    const reasons = readReasons(ranked.reasons);
    const topic = findMainTopic(ranked.matchedTopics, reasons);
    const group = groups.get(topic) ?? { topic, papers: [] };
    group.papers.push({ ranked, reasons });
    groups.set(topic, group);
  }
  const order = (topic: string | undefined) => {
    if (topic === undefined) return Number.MAX_SAFE_INTEGER;
    const index = topics.indexOf(topic);
    return index === -1 ? topics.length : index;
  };
  return [...groups.values()].sort(
    (a, b) =>
      Number(a.topic === undefined) - Number(b.topic === undefined) ||
      b.papers.length - a.papers.length ||
      order(a.topic) - order(b.topic),
  );
}
