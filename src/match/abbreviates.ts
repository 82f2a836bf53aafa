/** Small words an acronym may skip ("RLHF": reinforcement learning *from* human feedback). */
const acronymSkips = new Set(['a', 'an', 'and', 'for', 'from', 'in', 'of', 'on', 'the', 'to', 'with']);

/**
 * Whether the letters of `acronym` abbreviate `phrase`: in order, starting every word of it (a small
 * word may give its letter or not: "MoE", "RLHF"), other letters taken from inside the words ("VAE":
 * variational autoencoders). A one-word phrase must be much longer ("EEG": electroencephalography).
 */
export function abbreviates(acronym: string, phrase: string): boolean {
  // "GNNs": the lower-case s is a plural, not a letter of the name.
  const letters = acronym
    .replace(/([A-Z0-9])s$/, '$1')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  const words = phrase
    .toLowerCase()
    .split(/[\s-]+/)
    .map((word) => word.replace(/[^a-z]/g, ''))
    .filter((word) => word !== '');
  const content = words.filter((word) => !acronymSkips.has(word));
  if (letters.length < 2 || content.length === 0) return false;
  if (content.length === 1 && words.length === 1) {
    const word = content[0] as string;
    if (word.length < 3 * letters.length || word[0] !== letters[0]) return false;
    let at = 0;
    for (const letter of letters) {
      at = word.indexOf(letter, at) + 1;
      if (at === 0) return false;
    }
    return true;
  }
  // Over the words in order: each gives its first letter, then may give more of its own.
  const match = (i: number, w: number): boolean => {
    if (w === words.length) return i === letters.length;
    const word = words[w] as string;
    if (acronymSkips.has(word) && match(i, w + 1)) return true;
    if (letters[i] !== word[0]) return false;
    let j = i + 1;
    let at = 1;
    if (match(j, w + 1)) return true;
    while (j < letters.length) {
      at = word.indexOf(letters[j] as string, at) + 1;
      if (at === 0) return false;
      j++;
      if (match(j, w + 1)) return true;
    }
    return false;
  };
  return match(0, 0);
}
