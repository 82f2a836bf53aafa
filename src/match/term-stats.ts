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
  for (const paper of papers) {
    const seen = new Set<string>();
    for (const token of tokenizeText(`${paper.title}\n${paper.abstract}`, options)) {
      seen.add(token.key);
      if (token.acronym) seen.add(token.acronym);
    }
    for (const key of seen) df.set(key, (df.get(key) ?? 0) + 1);
  }
  return { documents: papers.length, df };
}

export function mergeTermStats(a: TermStats, b: TermStats): TermStats {
  if (b.documents === 0) return a;
  if (a.documents === 0) return b;
  const df = new Map(a.df);
  for (const [key, count] of b.df) df.set(key, (df.get(key) ?? 0) + count);
  return { documents: a.documents + b.documents, df };
}

/**
 * Inverse document frequency, ln((N + 1) / (df + 0.5)): about 0 for a word in every paper, and
 * growing by ln 2 each time a word is half as common.
 */
export function inverseDocumentFrequency(stats: TermStats, key: string): number {
  return Math.log((stats.documents + 1) / ((stats.df.get(key) ?? 0) + 0.5));
}
