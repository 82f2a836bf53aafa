/**
 * Tokenization shared by the paper index and the topic compiler. Both sides must
 * reduce words the same way, so this is the only place that knows how.
 */

/** One content word of a text: its stemmed key and, for acronyms, a case-sensitive key. */
export interface Token {
  /** The word as written. */
  raw: string;
  /** Where the word starts in the text after `cleanText` (for quoting the reader's words). */
  at: number;
  /** Lowercased and accent-folded, not stemmed: the word a spelling variant must be (`"matrices"`). */
  word: string;
  /** Lowercased, stemmed word (`"networks"` → `"network"`). */
  key: string;
  /**
   * `^` + the lowercased acronym for words written with two or more capitals
   * (`"LLMs"` → `"^llm"`). Acronyms match only acronyms, so "SAM" never meets "Sam".
   */
  acronym?: string;
  /**
   * Set when punctuation that ends a phrase (a comma or full stop before a space, a colon,
   * a bracket, a dash between spaces) stands between this word and the one before it.
   */
  afterBreak?: true;
  /**
   * Set when a coordinating word ("and", "or", "&") stands between this word and the one before
   * it: "vision and language" is two things, not the compound "vision-language".
   */
  afterCoordination?: true;
}

/**
 * Function words dropped before indexing. Phrase matching runs over the remaining
 * words, so "theory of mind" also matches "theory mind" and "generative models for
 * discrete data" can match with only a couple of words in between.
 */
const stopWords = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have how i if in into is it ' +
    'its itself of on or our over so such than that the their them then there these they this those through to ' +
    'under up via was we were what when where which while who whom why will with within without would you your ' +
    'also may might must shall should not no nor only own same too very just both each few more most other some ' +
    'any all about above after again against before below between during further once here out off'
  ).split(' '),
);

const vowel = /[aeiouy]/;

/**
 * English singulars that end in "s", from general stemmer practice (KStem keeps such a list):
 * without it "bias" would lose its "s" but "biases" would not, and the two would never meet.
 */
const singularsEndingInS = new Set(
  'alias atlas bias canvas chaos cosmos gas lens news series species thesis crisis axis basis analysis diagnosis hypothesis synthesis emphasis genesis'.split(
    ' ',
  ),
);

/**
 * British and American spellings meet: labour/labor, behaviour/behavior, optimise/optimize,
 * organisation/organization, analyse/analyze, centre/center. Both the paper and the topic go
 * through this, so an over-eager rewrite ("precise" → "precize") is harmless: it happens on both sides.
 */
const britishEnding = /(?:ours?|isations?|is(?:e|ed|es|ing|er|ers)|ys(?:e|ed|es|ing)|[^aeiou]tres?)$/;

function americanSpelling(word: string): string {
  // One test first: almost every word has none of these endings, and tokenizing is the hot path.
  if (word.length < 6 || !britishEnding.test(word)) return word;
  return word
    .replace(/our(s?)$/, 'or$1')
    .replace(/isation(s?)$/, 'ization$1')
    .replace(/is(e|ed|es|ing|er|ers)$/, 'iz$1')
    .replace(/ys(e|ed|es|ing)$/, 'yz$1')
    .replace(/([^aeiou])tre(s?)$/, '$1ter$2');
}

/**
 * A deliberately light stemmer: plurals, -ing, -ed and a final -e. Porter-style
 * stemmers conflate "fairness" with "fair" and "generative" with "general", which
 * is exactly the kind of false match the matcher must avoid ("fair coins" is not
 * algorithmic fairness), so derivational suffixes are left alone. Its only exceptions are the
 * general list above: the paper and the topic go through the same rules, so no word needs a rule
 * of its own to meet itself.
 */
export function stemWord(word: string): string {
  let w = americanSpelling(word);
  if (w.length <= 3 || /\d/.test(w) || singularsEndingInS.has(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:[xz]|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  // "biases" → "biase" → "bias" once the final e goes below.
  else if (w.endsWith('ses')) w = w.slice(0, -1);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);

  let strippedVerb = false;
  if (w.endsWith('ing') && w.length >= 7 && vowel.test(w.slice(0, -3))) {
    w = w.slice(0, -3);
    strippedVerb = true;
  } else if (w.endsWith('ed') && w.length >= 6 && vowel.test(w.slice(0, -2))) {
    w = w.slice(0, -2);
    strippedVerb = true;
  }
  // "modelling" → "modell" → "model", "embedded" → "embedd" → "embed".
  if (strippedVerb && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ss|ll)$/.test(w.slice(-2))) w = w.slice(0, -1);
  // A final "ll" goes to "l" with or without an ending, so "distill", "distills", "distilled" and
  // British "distil" meet, as do "recall" / "recalled", "install" / "instal", "modelling" / "model".
  if (w.endsWith('ll') && w.length >= 4) w = w.slice(0, -1);
  // "scale", "scaling" and "scaled" all become "scal".
  if (w.endsWith('e') && w.length > 4 && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

/**
 * A word is a run of letters and digits; "non-" stays with the word it negates, which is then one
 * word, as papers also write it ("non-convex" is "nonconvex"): "convex optimization" is not
 * "non-convex optimization", nor "parametric" "non-parametric". Other prefixes do not negate
 * ("self-attention" is attention), so they stay words of their own.
 */
const wordPattern = /(?:[Nn][Oo][Nn]-(?=[\p{L}\p{N}]))?[\p{L}\p{N}]+/gu;

const possessive = /(\p{L})['’]s(?![\p{L}\p{N}])/gu;

/**
 * Accents are spelling, not meaning: "naïve", "Schrödinger", "Lévy" are also written without them,
 * so keys drop combining marks (ASCII folding, as search engines do) and Greek letters go by their
 * names. Reasons keep the raw word.
 */
function foldAccents(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u0370-\u03ff]/g, (letter) => greekNames.get(letter) ?? letter);
}

/**
 * Greek letters by name: the digest turns "$\\beta$-VAE" into "β-VAE", readers type "beta-VAE" or
 * "muP". Lower case only: keys are folded after lower-casing.
 */
const greekNames = new Map<string, string>(
  'α alpha β beta γ gamma δ delta ε epsilon ϵ epsilon ζ zeta η eta θ theta ι iota κ kappa λ lambda μ mu ν nu ξ xi ο omicron π pi ρ rho σ sigma ς sigma τ tau υ upsilon φ phi ϕ phi χ chi ψ psi ω omega'
    .split(' ')
    .flatMap((item, i, all) => (i % 2 === 0 ? [[item, all[i + 1] as string] as [string, string]] : [])),
);

const nonAscii = /[^\p{ASCII}]/u;

/**
 * Punctuation no phrase runs across: in "language, vision, and robotics" the words "vision" and
 * "robotics" are items of a list, not the phrase "vision for robotics". A full stop or a comma
 * counts only before a space, so "3.5" and "1,000" stay one run, and a hyphen only between spaces.
 */
const phraseBreak = /[;:!?()[\]{}\u2014]|[.,](?=\s)|\s[-\u2013]\s/u;

/** Coordinating words: the words either side of one are two things, not one name. */
const coordinating = new Set(['and', 'or', 'nor', 'but']);

/**
 * Words written in capitals are acronyms: `DPO`, `LLMs` (plural "s" goes), `GPT4`, `CO2`, and so
 * are short names written mostly in capitals (four letters at most, at least twice as many
 * capitals as small letters: `ZeRO`, `LoRA`, `ViT`), which papers write the same way and whose
 * small-letter forms are often other words ("Zero-shot" is not ZeRO). Other mixed-case names
 * (`PyTorch`, `GitHub`, `LaTeX`, and `LLaMA`, which papers now write "Llama") are ordinary words,
 * matched regardless of case. Either way the word's lower-case key is indexed too, so a reader who
 * types "lora" still meets "LoRA".
 */
function acronymOf(raw: string, lower: string): string | undefined {
  if (raw === lower) return undefined;
  const singular = /\p{Lu}s$/u.test(raw) ? raw.slice(0, -1) : raw;
  const capitals = singular.replace(/[^\p{Lu}]/gu, '').length;
  if (capitals < 2) return undefined;
  const small = singular.replace(/[^\p{Ll}]/gu, '').length;
  if (small > 0 && (singular.length > 4 || capitals < 2 * small)) return undefined;
  // Folded like the word's key: "µSR" is "^musr", which the reader's "muSR" also spells.
  return `^${foldAccents(singular.toLowerCase())}`;
}

/**
 * Undoes TeX-ish escapes common in abstracts ("350{,}757", "88\\%"), and drops the possessive
 * "'s": "Alzheimer's disease" is "Alzheimer disease", as MeSH writes it.
 */
function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\\[a-z]+|[{}\\]/gi, ' ')
    .replace(possessive, '$1');
}

const isStopWord = (word: string): boolean => stopWords.has(foldAccents(word.toLowerCase()));

/** A stop word hyphenated to the quote's start ("out-of-" before "distribution"). */
const stopBefore = /([\p{L}\p{N}]+)-$/u;
/** A stop word hyphenated to the quote's end ("-based" after "model"). */
const stopAfter = /^-([\p{L}\p{N}]+)/u;

/**
 * The text as written from its `start`-th token to the one `count` tokens later, for reasons:
 * "end-to-end", "text-to-image", "out-of-distribution" and "model-based", whose tokens ("end end",
 * "text image", "distribution", "model") lost their stop words. Stop words hyphenated to either
 * end belong to the quote; other words do not (in "text-to-3D", "3D" is not "text-to-3D").
 * Undefined when the text has fewer tokens.
 *
 * @example quoteTokens('contextual biasing for end-to-end ASR', 2, 2) // 'end-to-end'
 */
export function quoteTokens(text: string, start: number, count: number): string | undefined {
  const cleaned = cleanText(text);
  // The same tokens the matcher reads, so that `start` and `count` mean what they mean there.
  const tokens = scanTokens(cleaned, { stem: false });
  const first = tokens[start];
  const last = tokens[start + count - 1];
  if (first === undefined || last === undefined || count < 1) return undefined;
  let from = first.at;
  let to = last.at + last.raw.length;
  // Only a chain of stop words that starts (or ends) the hyphenated word is the quote's own.
  let before = from;
  for (let m = stopBefore.exec(cleaned.slice(0, before)); m && isStopWord(m[1] ?? ''); ) {
    before -= m[0].length;
    m = stopBefore.exec(cleaned.slice(0, before));
  }
  if (cleaned[before - 1] !== '-') from = before;
  let after = to;
  for (let m = stopAfter.exec(cleaned.slice(after)); m && isStopWord(m[1] ?? ''); ) {
    after += m[0].length;
    m = stopAfter.exec(cleaned.slice(after));
  }
  if (cleaned[after] !== '-') to = after;
  return cleaned.slice(from, to);
}

export interface TokenizeOptions {
  /** Disable stemming (used by the ablation study). */
  stem?: boolean;
}

/** Splits text into content-word tokens, in order, without stop words. */
export function tokenizeText(text: string, options: TokenizeOptions = {}): Token[] {
  return scanTokens(cleanText(text), options);
}

/** `tokenizeText` of a text already through `cleanText`. */
function scanTokens(cleaned: string, options: TokenizeOptions): Token[] {
  const stem = options.stem ?? true;
  const tokens: Token[] = [];
  // Most abstracts are plain ASCII: only the others pay for folding.
  const fold = nonAscii.test(cleaned);
  let end = 0;
  let broken = false;
  let coordinated = false;
  for (const match of cleaned.matchAll(wordPattern)) {
    const raw = match[0];
    // Stop words are skipped, so a break before one still separates the words around it.
    const between = cleaned.slice(end, match.index);
    broken ||= tokens.length > 0 && phraseBreak.test(between);
    coordinated ||= tokens.length > 0 && between.includes('&');
    end = match.index + raw.length;
    const folded = fold ? foldAccents(raw.toLowerCase()) : raw.toLowerCase();
    // Only "non-" puts a hyphen inside a word (see `wordPattern`).
    const lower = folded[3] === '-' ? `non${folded.slice(4)}` : folded;
    if (stopWords.has(lower)) {
      coordinated ||= tokens.length > 0 && coordinating.has(lower);
      continue;
    }
    const token: Token = { raw, at: match.index, word: lower, key: stem ? stemWord(lower) : lower };
    const acronym = acronymOf(raw, lower);
    if (acronym) token.acronym = acronym;
    if (broken) token.afterBreak = true;
    if (coordinated) token.afterCoordination = true;
    broken = false;
    coordinated = false;
    tokens.push(token);
  }
  return tokens;
}

/**
 * Tokenizes a thesaurus term or a typed topic. Words the author wrote in capitals
 * ("RLHF", "ViT") become acronym-only keys; everything else is matched case-insensitively.
 */
export function tokenizeQuery(text: string, options: TokenizeOptions = {}): string[] {
  return tokenizeText(text, options).map((token) => token.acronym ?? token.key);
}
