import { findAcronymDefinitions } from './find-acronym-definitions.ts';
import { type TokenizeOptions, tokenizeText } from './tokenize-text.ts';

/**
 * Document frequencies of words (stemmed keys and `^acronym` keys) over a set of papers. The
 * matcher weighs evidence by how rare a word is among the papers Paperboy has seen, so it learns
 * which words are everyday vocabulary of the field ("model", "data", "results") from the archive
 * instead of from a hand-written list, and gets better as the archive grows.
 */
export interface TermStats {
  documents: number;
  df: ReadonlyMap<string, number>;
  /**
   * The acronyms the papers define ("gene regulatory networks (GRNs)"): `^` key → expansion
   * (lower case) → how many papers define it so. A reader's acronym that no paper of the day spells
   * out still has the meaning the archive gives it.
   */
  acronyms?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export const emptyTermStats: TermStats = { documents: 0, df: new Map() };

/**
 * Counts the papers each word occurs in.
 *
 * @example
 * const archive = countTerms(storedPapers); // once per send run, from the store
 * const index = buildPaperIndex(digest.papers, { archive });
 */
export function countTerms(
  papers: readonly { title: string; abstract: string }[],
  options: TokenizeOptions = {},
): TermStats {
  const df = new Map<string, number>();
  const acronyms = new Map<string, Map<string, number>>();
  for (const paper of papers) {
    const text = `${paper.title}\n${paper.abstract}`;
    const seen = new Set<string>();
    for (const token of tokenizeText(text, options)) {
      seen.add(token.key);
      if (token.acronym) seen.add(token.acronym);
    }
    for (const key of seen) df.set(key, (df.get(key) ?? 0) + 1);
    const defined = new Set<string>();
    for (const { key, expansion } of findAcronymDefinitions(text)) {
      const meaning = expansion.toLowerCase();
      if (defined.has(`${key} ${meaning}`)) continue;
      defined.add(`${key} ${meaning}`);
      const counts = acronyms.get(key) ?? new Map<string, number>();
      counts.set(meaning, (counts.get(meaning) ?? 0) + 1);
      acronyms.set(key, counts);
    }
  }
  return { documents: papers.length, df, acronyms };
}

export function mergeTermStats(a: TermStats, b: TermStats): TermStats {
  if (b.documents === 0) return a;
  if (a.documents === 0) return b;
  const df = new Map(a.df);
  for (const [key, count] of b.df) df.set(key, (df.get(key) ?? 0) + count);
  const acronyms = new Map<string, Map<string, number>>();
  for (const stats of [a, b])
    for (const [key, expansions] of stats.acronyms ?? []) {
      const counts = acronyms.get(key) ?? new Map<string, number>();
      for (const [text, count] of expansions) counts.set(text, (counts.get(text) ?? 0) + count);
      acronyms.set(key, counts);
    }
  return { documents: a.documents + b.documents, df, acronyms };
}

/**
 * The archive's meaning of each acronym, where its papers agree: the expansion more than half of
 * the papers that define the acronym give it ("RL" is reinforcement learning; "CV", defined as
 * computer vision by some and as cross-validation by as many, has none).
 */
export function listSettledAcronyms(stats: TermStats): Map<string, string> {
  const settled = new Map<string, string>();
  for (const [key, expansions] of stats.acronyms ?? []) {
    let total = 0;
    let best: [string, number] | undefined;
    for (const entry of expansions) {
      total += entry[1];
      if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
    }
    if (best && best[1] * 2 > total) settled.set(key, best[0]);
  }
  return settled;
}

/**
 * Inverse document frequency, ln((N + 1) / (df + 0.5)): about 0 for a word in every paper, and
 * growing by ln 2 each time a word is half as common.
 */
export function inverseDocumentFrequency(stats: TermStats, key: string): number {
  return Math.log((stats.documents + 1) / ((stats.df.get(key) ?? 0) + 0.5));
}
