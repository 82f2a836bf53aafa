/**
 * Where a clause occurs in a digest's papers, and what its occurrences in one paper are worth:
 * the phrase matching and BM25-style saturation every kind of evidence shares.
 */
import {
  coordinationBreak,
  fieldAbstract,
  fieldTitle,
  type IndexedField,
  type PaperIndex,
  phraseBreak,
} from './build-paper-index.ts';
import type { Clause, MatchOptions } from './compiled-topic.ts';

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

/** A phrase with a coordinating word of its own ("research and development", "R&D"). */
const coordinates = /(?:^|[^\p{L}])(?:and|or|nor|but)(?:[^\p{L}]|$)|&/iu;

function matchesAt(field: IndexedField, position: number, id: number): boolean {
  return field.keys[position] === id || field.acronyms[position] === id;
}

export interface Occurrences {
  title: number;
  abstract: number;
  nearby: boolean;
}

/**
 * A category clause (`@cs.cl`) occurs in the papers that list the category: a primary category
 * counts like a word of the title, a cross-list like one in the abstract.
 */
function findCategory(index: PaperIndex, category: string): Map<number, Occurrences> {
  const found = new Map<number, Occurrences>();
  for (const { paper, primary } of index.categories.get(category) ?? []) {
    found.set(paper, { title: primary ? 1 : 0, abstract: primary ? 0 : 1, nearby: false });
  }
  return found;
}

/** Finds every occurrence of a clause: exact phrase first, then (optionally) near matches. */
export function findOccurrences(
  index: PaperIndex,
  clause: Clause,
  options: MatchOptions,
): Map<number, Occurrences> {
  if (clause.relation === 'category') return findCategory(index, clause.tokens[0]?.slice(1) ?? '');
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
  // "vision-language" is not "vision and language"; "probability and statistics" has its "and".
  const blocked = coordinates.test(clause.text) ? phraseBreak : phraseBreak | coordinationBreak;

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
      const at = position + i - anchor;
      if (!matchesAt(field, at, id) || (i > 0 && ((field.breaks[at] ?? 0) & blocked) !== 0)) {
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
export function scoreOccurrences(
  index: PaperIndex,
  paper: number,
  occurrences: Occurrences,
  options: MatchOptions,
): number {
  const abstractLength = index.fields[paper]?.[1].keys.length ?? 0;
  const norm = 1 - lengthNormalization + (lengthNormalization * abstractLength) / index.averageLength[1];
  const weighted = options.titleBoost * occurrences.title + occurrences.abstract / norm;
  return weighted / (weighted + saturation);
}
