import type { PaperIndex } from './build-paper-index.ts';
import type { Clause, MatchOptions } from './compiled-topic.ts';
import { findOccurrences } from './find-occurrences.ts';
import { inverseDocumentFrequency } from './term-stats.ts';

/** Fewer stored papers than this say nothing reliable about how common a word is. */
const minimumDocuments = 20;

/** A word in at most this share of papers counts fully; more common words count less. */
const rareShare = 0.02;

/**
 * How specific a phrase is, in [0, 1]: 1 for rare words, less for everyday words of the archive
 * ("methods", "models"). Learned from the stored papers' document frequencies, so it needs no list
 * of generic words; with fewer than 20 papers to learn from, every phrase counts fully.
 */
export function measureSpecificity(tokens: string[], index: PaperIndex, options: MatchOptions): number {
  if (!options.idf || index.termStats.documents < minimumDocuments) return 1;
  const full = Math.log(1 / rareShare);
  const total = tokens.reduce((sum, token) => sum + inverseDocumentFrequency(index.termStats, token), 0);
  return Math.max(0.05, Math.min(1, total / full));
}

/**
 * How specific a hyphenated word of the reader's is ("model-based", "state-of-the-art"): its words
 * apart are everyday, the compound often is not. The archive counts words, not compounds, so the
 * compound is counted in the digest itself; with fewer than 20 papers it counts fully.
 */
export function measureCompoundSpecificity(
  tokens: string[],
  index: PaperIndex,
  options: MatchOptions,
): number {
  const papers = index.papers.length;
  if (!options.idf || papers < minimumDocuments) return 1;
  const clause: Clause = { text: '', tokens, weight: 1, relation: 'word', ambiguous: false, unit: 0 };
  const df = findOccurrences(index, clause, options).size;
  const full = Math.log(1 / rareShare);
  return Math.max(0.05, Math.min(1, Math.log((papers + 1) / (df + 0.5)) / full));
}

/** Below this specificity words are everyday vocabulary ("methods", "models"), not a concept. */
export const everydaySpecificity = 0.35;

/** True for everyday words of the archive ("methods", "approaches"): no concept of a topic on their own. */
export function isEveryday(tokens: string[], index: PaperIndex, options: MatchOptions): boolean {
  return measureSpecificity(tokens, index, options) < everydaySpecificity;
}

/** A reader's word's weight among the words of its concept: its IDF, at least 0.1 (1 without statistics). */
export function weighWord(word: string, index: PaperIndex, options: MatchOptions): number {
  if (!options.idf || index.termStats.documents < minimumDocuments) return 1;
  return Math.max(0.1, inverseDocumentFrequency(index.termStats, word));
}
