import { cutOnWord } from './excerpt-abstract.ts';

/** Kept below 80 characters so the subject survives mobile inbox lists and `Subject:` folding. */
export const maxSubjectChars = 79;

/**
 * The issue subject: the count, as many top topics as fit, and the date.
 * Whole topics are dropped before anything is cut; a single long topic is cut on a word boundary.
 *
 * @example
 * buildIssueSubject(5, ['conformal prediction', 'RLHF'], 'Mar 11')
 * // '5 new papers on conformal prediction, RLHF · Mar 11'
 */
export function buildIssueSubject(count: number, topics: readonly string[], shortDate: string): string {
  const suffix = ` · ${shortDate}`;
  const lead = count === 0 ? 'No new papers' : `${count} new ${count === 1 ? 'paper' : 'papers'}`;
  if (topics.length === 0) return `${lead}${count === 0 ? ' today' : ' for you'}${suffix}`;
  const room = maxSubjectChars - lead.length - ' on '.length - suffix.length;
  let picked = '';
  for (const topic of topics) {
    const next = picked ? `${picked}, ${topic}` : topic;
    if (next.length > room) break;
    picked = next;
  }
  if (!picked) picked = cutOnWord(topics[0] ?? '', room);
  return `${lead} on ${picked}${suffix}`;
}
