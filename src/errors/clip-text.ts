/**
 * Cuts text that is stored or shown (an error message, a value quoted in a warning) to `max`
 * characters. What a parser says about a hostile file can quote the whole file; nothing downstream
 * (the database, `status`, `/outbox`, a log line) should carry that.
 *
 * @example clipText('x'.repeat(5000), 100) // 'xxx…x… (4,900 more characters)'
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const rest = text.length - max;
  return `${text.slice(0, max)}… (${rest.toLocaleString('en')} more characters)`;
}
