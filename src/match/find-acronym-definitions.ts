/** A parenthesised acronym: "(DPO)", "(LLMs)", "(ZS-NAS)". */
const parenthesisedAcronym = /\(\s*([\p{Lu}][\p{L}\p{N}-]*[\p{Lu}]s?)\s*[);,]/gu;

/** One acronym a text defines: its `^` key ("^dpo") and the words before it that spell it. */
export interface AcronymDefinition {
  key: string;
  expansion: string;
}

/**
 * The acronyms a text defines, as papers do: "Direct Preference Optimization (DPO)", where the
 * initials of the words before the parenthesis (hyphenated parts included) spell the acronym.
 *
 * @example findAcronymDefinitions('Gene regulatory networks (GRNs) …') // [{ key: '^grn', expansion: 'Gene regulatory networks' }]
 */
export function findAcronymDefinitions(text: string): AcronymDefinition[] {
  const found: AcronymDefinition[] = [];
  for (const match of text.matchAll(parenthesisedAcronym)) {
    // Look back a bounded distance instead of with a backtracking regex: abstracts are long.
    const before = text.slice(Math.max(0, match.index - 120), match.index);
    const words = before
      .split(/\s+/)
      .filter((word) => /^\p{L}[\p{L}\p{N}'-]*$/u.test(word))
      .slice(-8);
    const acronym = (match[1] ?? '').replace(/s$/, '');
    const letters = acronym.replace(/[^\p{Lu}]/gu, '').toLowerCase();
    if (letters.length < 2) continue;
    // Walk back until the initials spell the acronym.
    for (let take = 1; take <= words.length; take++) {
      const candidate = words.slice(words.length - take);
      const initials = candidate
        .flatMap((word) => word.split('-'))
        .map((part) => part.charAt(0).toLowerCase())
        .join('');
      if (initials === letters) {
        found.push({ key: `^${acronym.toLowerCase()}`, expansion: candidate.join(' ') });
        break;
      }
    }
  }
  return found;
}
