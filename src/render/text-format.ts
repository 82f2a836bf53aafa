/**
 * Joins items as prose, naming at most `max` of them.
 *
 * @example
 * formatList(['a', 'b', 'c', 'd'], 2) // 'a, b and 2 more'
 */
export function formatList(items: readonly string[], max: number): string {
  if (items.length <= 1) return items.join('');
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Wraps prose at `width` columns on spaces for the plain-text part; a longer word keeps its own line. */
export function wrapText(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

/**
 * The first authors of a paper, then "et al."; null when none are known. The issue and the sample on
 * the sign-up page show the same names.
 *
 * @example formatAuthors(['A', 'B', 'C', 'D']) // 'A, B, C et al.'
 */
export function formatAuthors(authors: readonly string[], max = 3): string | null {
  if (authors.length === 0) return null;
  return `${authors.slice(0, max).join(', ')}${authors.length > max ? ' et al.' : ''}`;
}
