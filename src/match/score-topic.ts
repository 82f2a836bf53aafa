import { fieldAbstract, fieldTitle, type IndexedField, type PaperIndex } from './build-paper-index.ts';
import type { Clause, CompiledTopic, MatchOptions } from './compile-topic.ts';

/** How often one clause occurred in one paper; proximity matches count partially. */
export interface ClauseHit {
  clause: Clause;
  title: number;
  abstract: number;
  /** True when every occurrence was a near (not verbatim) phrase match. */
  nearby: boolean;
  /** The clause's contribution to the topic score, in [0, 1). */
  evidence: number;
}

/** One topic's evidence for every paper of a digest. */
export interface TopicScores {
  topic: string;
  /** Score per paper, in [0, 1): the chance-like strength of the evidence. */
  scores: Float64Array;
  /** Hits per paper with a non-zero score, strongest first. */
  hits: Map<number, ClauseHit[]>;
  /** Papers with a non-zero score, best first (ties in digest order): the only ones a profile looks at. */
  matched: Int32Array;
  /** The highest score of any paper. */
  best: number;
}

/**
 * BM25-style saturation: the first mentions matter most. With `k = 2` one abstract
 * mention gives 0.33, two give 0.5, one title mention (boost 3) gives 0.6.
 */
const saturation = 2;
/** Abstract length normalization (BM25's `b`); titles are short enough to skip it. */
const lengthNormalization = 0.5;
/** A near match (words of the phrase within a few positions) is worth this much of an exact one. */
const nearbyCredit = 0.6;
/** Extra positions allowed between the words of a phrase for a near match. */
const nearbySlack = 2;

function matchesAt(field: IndexedField, position: number, id: number): boolean {
  return field.keys[position] === id || field.acronyms[position] === id;
}

interface Occurrences {
  title: number;
  abstract: number;
  nearby: boolean;
}

/** Finds every occurrence of a clause: exact phrase first, then (optionally) near matches. */
function findOccurrences(index: PaperIndex, clause: Clause, options: MatchOptions): Map<number, Occurrences> {
  const found = new Map<number, Occurrences>();
  const ids: number[] = [];
  for (const token of clause.tokens) {
    const id = index.vocabulary.get(token);
    if (id === undefined) return found;
    ids.push(id);
  }
  // Anchor on the rarest word of the phrase; verify the others around it.
  let anchor = 0;
  let anchorPostings: Int32Array | undefined;
  for (const [i, id] of ids.entries()) {
    const list = index.postings.get(id);
    if (!list) return found;
    if (!anchorPostings || list.length < anchorPostings.length) {
      anchor = i;
      anchorPostings = list;
    }
  }
  if (!anchorPostings) return found;
  const window = ids.length - 1 + nearbySlack;

  for (let p = 0; p < anchorPostings.length; p += 3) {
    const paper = anchorPostings[p] as number;
    const fieldId = anchorPostings[p + 1] as number;
    const position = anchorPostings[p + 2] as number;
    const fields = index.fields[paper];
    const field = fields?.[fieldId === fieldTitle ? 0 : 1];
    if (!field) continue;

    let credit = 0;
    let exact = true;
    for (const [i, id] of ids.entries()) {
      if (!matchesAt(field, position + i - anchor, id)) {
        exact = false;
        break;
      }
    }
    if (exact) credit = 1;
    else if (options.proximity && ids.length > 1) {
      const from = Math.max(0, position - window);
      const to = Math.min(field.keys.length - 1, position + window);
      let all = true;
      for (const [i, id] of ids.entries()) {
        if (i === anchor) continue;
        let seen = false;
        for (let q = from; q <= to && !seen; q++) seen = q !== position && matchesAt(field, q, id);
        if (!seen) {
          all = false;
          break;
        }
      }
      if (all) credit = nearbyCredit;
    }
    if (credit === 0) continue;
    const entry = found.get(paper) ?? { title: 0, abstract: 0, nearby: false };
    if (fieldId === fieldAbstract) entry.abstract += credit;
    else entry.title += credit;
    // Reported as "words nearby" only while the phrase has not occurred verbatim.
    entry.nearby = credit < 1 && (entry.nearby || entry.title + entry.abstract === credit);
    found.set(paper, entry);
  }
  return found;
}

/** One clause's evidence in one paper, in [0, 1). */
function scoreOccurrences(
  index: PaperIndex,
  paper: number,
  occurrences: Occurrences,
  clause: Clause,
  options: MatchOptions,
): number {
  const abstractLength = index.fields[paper]?.[1].keys.length ?? 0;
  const norm = 1 - lengthNormalization + (lengthNormalization * abstractLength) / index.averageLength[1];
  const weighted = options.titleBoost * occurrences.title + occurrences.abstract / norm;
  return (clause.weight * weighted) / (weighted + saturation);
}

/**
 * Scores every paper of the digest for one compiled topic. Clause evidences combine
 * like independent signals (noisy-OR), so more distinct evidence raises the score
 * but never past 1, and a pile of weak hints stays below one strong match.
 */
export function scoreTopic(index: PaperIndex, compiled: CompiledTopic, options: MatchOptions): TopicScores {
  const perPaper = new Map<number, ClauseHit[]>();
  for (const clause of compiled.clauses) {
    for (const [paper, occurrences] of findOccurrences(index, clause, options)) {
      const evidence = scoreOccurrences(index, paper, occurrences, clause, options);
      const hits = perPaper.get(paper) ?? [];
      hits.push({ clause, ...occurrences, evidence });
      perPaper.set(paper, hits);
    }
  }

  const scores = new Float64Array(index.papers.length);
  const hits = new Map<number, ClauseHit[]>();
  for (const [paper, paperHits] of perPaper) {
    // Concepts confirmed in this paper by an unambiguous clause (or a context word).
    const confirmed = new Set<number>();
    for (const hit of paperHits) {
      if (!hit.clause.ambiguous) for (const group of hit.clause.groups) confirmed.add(group);
    }
    const kept = paperHits.filter(
      (hit) =>
        hit.evidence > 0 &&
        (!hit.clause.ambiguous || hit.clause.groups.some((group) => confirmed.has(group))),
    );
    if (kept.length === 0) continue;
    let miss = 1;
    for (const hit of kept) miss *= 1 - hit.evidence;
    scores[paper] = 1 - miss;
    kept.sort((a, b) => b.evidence - a.evidence || a.clause.text.localeCompare(b.clause.text, 'en'));
    hits.set(paper, kept);
  }
  const matched = Int32Array.from(
    [...hits.keys()].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b),
  );
  const best = scores.reduce((max, score) => Math.max(max, score), 0);
  return { topic: compiled.topic, scores, hits, matched, best };
}
