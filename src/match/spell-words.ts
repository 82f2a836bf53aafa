/**
 * The reader's spelling of each word token of a topic: reasons should say "learning" and
 * "supervised", not the stems "learn" and "superviz". Acronyms keep their capitals.
 *
 * @example spellWords('Self-supervised learning', ['self', 'superviz', 'learn'], tokenize)
 * // ['self', 'supervised', 'learning']
 */
export function spellWords(
  text: string,
  words: readonly string[],
  tokenize: (text: string) => string[],
): string[] {
  const spelled = new Map<string, string>();
  for (const written of text.split(/[\s/]+/)) {
    const clean = written.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    for (const token of tokenize(clean)) {
      // A hyphenated word is several tokens ("self-supervised"): each keeps its own part.
      const part = clean.split('-').find((piece) => tokenize(piece).includes(token)) ?? clean;
      if (!spelled.has(token)) spelled.set(token, token.startsWith('^') ? part : part.toLowerCase());
    }
  }
  return words.map((word) => spelled.get(word) ?? word.replace(/^\^/, ''));
}
