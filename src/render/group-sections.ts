import { describeWhy, findMainTopic, readReasons } from './describe-why.ts';
import type { IssuePaper } from './issue-data.ts';

/** What an issue says about one paper's match: its section's topic and its "why" line. */
export interface PaperEvidence {
  mainTopic: string | undefined;
  why: string | undefined;
}

/** The papers of one topic, in the matcher's order; `topic` is undefined for papers that named none. */
export interface TopicGroup {
  topic: string | undefined;
  papers: { ranked: IssuePaper; evidence: PaperEvidence }[];
}

// The matcher hands the same reasons array to every profile that shares a topic, and a send run
// renders the same papers for thousands of issues: read each array once.
const evidenceCache = new WeakMap<readonly string[], PaperEvidence>();

/** Reads a paper's match: the topic of its section and its "why" line. */
export function readEvidence(ranked: Pick<IssuePaper, 'matchedTopics' | 'reasons'>): PaperEvidence {
  const cached = evidenceCache.get(ranked.reasons);
  // The same array with other topics (hand-built data) is read again.
  const sameTopics = (topic: string | undefined) =>
    topic === undefined ? ranked.matchedTopics.length === 0 : ranked.matchedTopics.includes(topic);
  if (cached && sameTopics(cached.mainTopic)) return cached;
  const reasons = readReasons(ranked.reasons);
  const evidence = { mainTopic: findMainTopic(ranked.matchedTopics, reasons), why: describeWhy(reasons) };
  evidenceCache.set(ranked.reasons, evidence);
  return evidence;
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
    const evidence = readEvidence(ranked);
    const topic = evidence.mainTopic;
    const group = groups.get(topic) ?? { topic, papers: [] };
    group.papers.push({ ranked, evidence });
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
