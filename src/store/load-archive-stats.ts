import { countTerms, type TermStats } from '../match/index.ts';
import type { PaperRepository } from './paper-repository.ts';

/**
 * How many stored papers the matcher learns word statistics from. Enough for stable document
 * frequencies; bounded so that a years-old archive costs the same as a month-old one (about half a
 * second to read and count).
 */
export const archiveSampleSize = 5000;

/**
 * Word statistics of the papers stored before `before` (a digest date), for `buildPaperIndex`'s
 * `archive`: the matcher learns which words are everyday vocabulary from what Paperboy has seen.
 *
 * @example
 * const archive = await loadArchiveStats(store.papers, { before: date });
 * const matcher = createMatcher(buildPaperIndex(papers, { archive }));
 */
export async function loadArchiveStats(
  papers: PaperRepository,
  options: { before?: string } = {},
): Promise<TermStats> {
  return countTerms(await papers.listArchiveTexts({ ...options, limit: archiveSampleSize }));
}
