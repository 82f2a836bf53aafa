import { cutOnWord } from './excerpt-abstract.ts';
import { formatList } from './text-format.ts';

/** Kept below 80 characters so the subject survives mobile inbox lists and `Subject:` folding. */
export const maxSubjectChars = 79;
export const maxPreheaderChars = 140;

/** A topic of the issue and how many of its papers the issue holds (`topic` undefined: papers without one). */
export interface TopicCount {
  topic: string | undefined;
  count: number;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * The issue subject: the count and the top topics with their counts, which add up to the count, and
 * the send date (so a day's issue is not threaded with yesterday's). Topics that do not fit become
 * "and N more"; a single long topic is cut on a word.
 *
 * @example
 * buildIssueSubject([{ topic: 'RLHF', count: 6 }, { topic: 'diffusion models', count: 2 }], 'Dec 5')
 * // '8 new papers: RLHF (6) and diffusion models (2) · Dec 5'
 */
export function buildIssueSubject(
  groups: readonly TopicCount[],
  shortDate: string,
  topics: readonly string[],
): string {
  const suffix = ` · ${shortDate}`;
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  const named = groups.filter((g): g is { topic: string; count: number } => g.topic !== undefined);
  if (total === 0) {
    // A reader whose profile is example papers only has no topic to name.
    const about = topics.length > 0 ? ` on ${formatList(topics, 3)}` : ' like the ones you liked';
    return withSuffix(`No new papers${about}`, suffix);
  }
  const lead = `${plural(total, 'new paper')}`;
  if (named.length === 0) return withSuffix(`${lead} for you`, suffix);
  const only = named[0];
  if (named.length === 1 && only && only.count === total)
    return withSuffix(`${lead} on ${only.topic}`, suffix);
  const room = maxSubjectChars - suffix.length;
  for (let shown = named.length; shown >= 1; shown--) {
    const parts = named.slice(0, shown).map((g) => `${g.topic} (${g.count})`);
    const rest = total - named.slice(0, shown).reduce((sum, g) => sum + g.count, 0);
    if (rest > 0) parts.push(`${rest} more`);
    const text = `${lead}: ${formatList(parts, parts.length)}`;
    if (text.length <= room) return `${text}${suffix}`;
  }
  const first = named[0] as { topic: string; count: number };
  return withSuffix(`${lead}: ${first.topic} (${first.count})`, suffix);
}

function withSuffix(text: string, suffix: string): string {
  return `${cutOnWord(text, maxSubjectChars - suffix.length)}${suffix}`;
}

/**
 * The inbox preview line: the top pick, then how many more papers each topic brings, counted the
 * same way as the subject so the two agree.
 *
 * @example
 * buildPreheader('A paper', [{ topic: 'RLHF', count: 6 }, { topic: 'diffusion models', count: 2 }], 'RLHF')
 * // 'Top pick: A paper — and 5 more on RLHF, 2 on diffusion models.'
 */
export function buildPreheader(
  topTitle: string | undefined,
  groups: readonly TopicCount[],
  topTopic: string | undefined,
  topicsLabel: string,
): string {
  if (topTitle === undefined) return `Nothing new matched ${topicsLabel || 'your topics'} this time.`;
  const rest = groups
    .map((g) => ({ topic: g.topic, count: g.topic === topTopic ? g.count - 1 : g.count }))
    .filter((g) => g.count > 0);
  const more = rest.reduce((sum, g) => sum + g.count, 0);
  let tail = '';
  if (more > 0) {
    const named = rest.filter((g) => g.topic !== undefined);
    const phrases = named.slice(0, 2).map((g, i) => `${g.count}${i === 0 ? ' more' : ''} on ${g.topic}`);
    const left = more - named.slice(0, 2).reduce((sum, g) => sum + g.count, 0);
    if (left > 0) phrases.push(phrases.length === 0 ? `${left} more` : `${left} on other topics`);
    tail = ` — and ${formatList(phrases, phrases.length)}.`;
  }
  const title = cutOnWord(topTitle, maxPreheaderChars - 'Top pick: '.length - tail.length);
  return `Top pick: ${title}${tail}`;
}
