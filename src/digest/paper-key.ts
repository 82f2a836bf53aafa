import { createHash } from 'node:crypto';

/** `arxiv:<id>` when known (version suffix dropped), else a key from the normalized title. */
export function paperId(title: string, arxivId?: string): string {
  return arxivId ? `arxiv:${arxivId}` : `title:${titleKey(title)}`;
}

/**
 * The title as a key: Latin accents dropped, lower case, every run of anything but letters, digits
 * and combining marks made one "-". Letters of every script count, so "深度学习" and "强化学习" are
 * two papers; a title with no letters or digits at all (only symbols or emoji) is keyed by a hash
 * of its text instead, so it too never collides with a different title.
 *
 * @example titleKey('Café: A Study') // 'cafe-a-study'
 */
export function titleKey(title: string): string {
  const key = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim()
    .replace(/ /g, '-');
  if (key) return key;
  const text = title.normalize('NFKC').replace(/\s+/g, ' ').trim();
  return `hash-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** An arXiv id sits near the start of any id, URL or reference string; nothing longer is searched. */
const maxIdSourceLength = 300;
// Every part has a bounded length, so each start position costs a bounded number of steps and a
// search is linear in the input (an unbounded `[a-z-]+` made "a-a-a-…" quadratic).
const newStyle = /(?<![\d.])(\d{4}\.\d{4,5})(?:v\d{1,4})?(?![\d.])/;
const oldStyle = /(?<![\w-])([a-z]{1,8}(?:-[a-z]{1,8})?(?:\.[A-Z]{2})?\/\d{7})(?:v\d{1,4})?\b/;

/** Extracts an arXiv identifier from an id, abs/pdf URL or "arXiv:…" string. */
export function extractArxivId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const head = value.slice(0, maxIdSourceLength);
  const match = newStyle.exec(head) ?? oldStyle.exec(head);
  return match?.[1];
}
