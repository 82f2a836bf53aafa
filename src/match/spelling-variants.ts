/**
 * Other spellings of a reader's words that papers use for the same thing, kept only where the
 * digest has them: a spelling rule proposes, the digest's vocabulary decides, so a rule never adds
 * a word no paper of the day uses ("devices" proposes "devix", which no digest has).
 *
 * - Compounds: "pre-training" / "pretraining", "multi-modal" / "multimodal" (the second corpus of
 *   the eval writes 26 compounds both ways).
 * - Latin and Greek plurals the English stemmer cannot know: "matrix" / "matrices", "hypothesis" /
 *   "hypotheses", "criterion" / "criteria", "spectrum" / "spectra", "nucleus" / "nuclei".
 * - British spellings beyond the stemmer's -ise/-our: "haemoglobin", "oesophagus", "catalogue",
 *   "defence", "ageing".
 */

/** The digest's token for `word` when the digest has it as one word of its own, else undefined. */
export type KnownToken = (word: string) => string | undefined;

/**
 * The word after a split prefix ("e-commerce", "co-training", "multi-modal") must be this long: a
 * two-letter stub is rarely a word of its own and often an acronym the digest happens to have
 * ("markets" is not "marke-ts" because a paper says "TS").
 */
const minAfterPrefix = 3;

/** Singular ↔ plural endings of Latin and Greek nouns, both ways. */
const pluralEndings: [singular: string, plural: string][] = [
  ['ix', 'ices'],
  ['ex', 'ices'],
  ['is', 'es'],
  ['on', 'a'],
  ['um', 'a'],
  ['us', 'i'],
  ['a', 'ae'],
];

/** British ↔ American endings the stemmer does not fold ("-ise", "-our", "-yse" it does). */
const britishEndings: [british: string, american: string][] = [
  ['ogue', 'og'],
  ['ence', 'ense'],
  ['eing', 'ing'],
];

/** British digraphs inside a word: "haem" / "hem", "oes" / "es". */
const britishDigraphs = ['ae', 'oe'];

/** A word must be this long before its ending is rewritten: "axis" yes, "is" no. */
const minRewritten = 4;

function rewriteEnding(word: string, from: string, to: string): string | undefined {
  if (word.length < minRewritten || !word.endsWith(from) || word.length - from.length < 2) return undefined;
  return `${word.slice(0, -from.length)}${to}`;
}

/** Other spellings of one word by its ending or a British digraph, before the digest is asked. */
export function endingVariants(word: string): string[] {
  const out: string[] = [];
  for (const [a, b] of [...pluralEndings, ...britishEndings]) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const variant = rewriteEnding(word, from, to);
      if (variant) out.push(variant);
    }
  }
  for (const digraph of britishDigraphs) {
    // British → American: drop the first letter of the digraph ("haemoglobin" → "hemoglobin").
    for (let i = word.indexOf(digraph); i >= 0; i = word.indexOf(digraph, i + 1))
      out.push(`${word.slice(0, i)}${word.slice(i + 1)}`);
    // American → British: put it back before an "e" ("hemoglobin" → "haemoglobin").
    for (let i = word.indexOf('e', 1); i >= 0; i = word.indexOf('e', i + 1))
      out.push(`${word.slice(0, i)}${digraph[0]}${word.slice(i)}`);
  }
  return out;
}

/** A one-word spelling of a reader's word that the digest uses: as written, and as its index token. */
export interface WordSpelling {
  text: string;
  token: string;
}

/** The digest's one-word spellings of a reader's word by its ending or a British digraph ("matrices" for "matrix"). */
export function listWordSpellings(written: string, known: KnownToken): WordSpelling[] {
  const byToken = new Map<string, WordSpelling>();
  for (const text of endingVariants(written.toLowerCase())) {
    const token = known(text);
    if (token !== undefined && !byToken.has(token)) byToken.set(token, { text, token });
  }
  return [...byToken.values()];
}

/**
 * The reader's phrase (its words, in order, as written) with one word, or two words of a compound,
 * spelt the way the digest spells it; `spellings` are each word's `listWordSpellings`, when the caller
 * has them already. Deterministic,
 * in the order found, without repeats.
 *
 * @example listSpellingVariants(['multi-modal', 'fusion'], has) // ['multimodal fusion'] when the digest has "multimodal"
 */
export function listSpellingVariants(
  words: readonly string[],
  known: KnownToken,
  spellings: readonly (readonly WordSpelling[])[] = words.map((word) => listWordSpellings(word, known)),
): string[] {
  const plain = words.map((word) => word.toLowerCase());
  const found = new Set<string>();
  const replace = (from: number, to: number, by: string) =>
    found.add([...plain.slice(0, from), by, ...plain.slice(to)].join(' '));
  for (let i = 0; i + 1 < plain.length; i++) {
    const joined = `${plain[i]}${plain[i + 1]}`;
    if (known(joined) !== undefined) replace(i, i + 2, joined);
  }
  plain.forEach((word, i) => {
    for (let k = 1; k <= word.length - minAfterPrefix; k++) {
      const left = word.slice(0, k);
      const right = word.slice(k);
      if (known(left) !== undefined && known(right) !== undefined) replace(i, i + 1, `${left}-${right}`);
    }
    for (const { text } of spellings[i] ?? []) replace(i, i + 1, text);
  });
  return [...found];
}

/** True when a hyphenated word of `text` is, without its hyphens, a word of the digest ("pre-training"). */
export function writesJoined(text: string, known: KnownToken): boolean {
  return text
    .split(/\s+/)
    .filter((word) => word.includes('-'))
    .some((word) => known(word.replace(/-/g, '').toLowerCase()) !== undefined);
}
