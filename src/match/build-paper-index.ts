import type { Paper } from '../digest/paper.ts';
import { findAcronymDefinitions } from './find-acronym-definitions.ts';
import { emptyTermStats, listSettledAcronyms, mergeTermStats, type TermStats } from './term-stats.ts';
import { type TokenizeOptions, tokenizeQuery, tokenizeText } from './tokenize-text.ts';

export const fieldTitle = 0;
export const fieldAbstract = 1;
export type FieldId = typeof fieldTitle | typeof fieldAbstract;

/**
 * One field of one paper as token ids; `acronyms[i]` is -1 when word i is no acronym, and
 * `breaks[i]` has `phraseBreak` set when punctuation no phrase runs across stands before word i,
 * and `coordinationBreak` when a coordinating word does ("vision and language").
 */
/** Punctuation that ends a phrase stands before the word: no phrase runs across it. */
export const phraseBreak = 1;
/** A coordinating word stands before the word: only a name with one inside runs across it. */
export const coordinationBreak = 2;

export interface IndexedField {
  keys: Int32Array;
  acronyms: Int32Array;
  breaks: Uint8Array;
}

/**
 * Everything the matcher needs about one digest, computed once and shared by every
 * profile: token ids per field, a positional inverted index, field lengths, and the
 * acronyms the papers define themselves ("Multiple Instance Learning (MIL)").
 */
export interface PaperIndex {
  papers: readonly Paper[];
  vocabulary: ReadonlyMap<string, number>;
  /**
   * Every word the digest writes, lower case and accent-folded but not stemmed: a spelling variant
   * of a reader's word counts only as a word a paper wrote ("manipulat" + "ion" is no way to write
   * "manipulation", although "manipulate ions" has both stems).
   */
  words: ReadonlySet<string>;
  /** Token id → flat triples `[paper, field, position, …]`. */
  postings: ReadonlyMap<number, Int32Array>;
  fields: readonly (readonly [IndexedField, IndexedField])[];
  averageLength: readonly [number, number];
  /**
   * Acronym key (`^mil`) → expansions written next to it in the digest, or, for an acronym the
   * digest does not define, the one the archive's papers agree on (`listSettledAcronyms`).
   */
  acronymExpansions: ReadonlyMap<string, readonly string[]>;
  /** The same, the other way: an expansion's tokens (`plainTokens`) → the acronym keys it spells. */
  acronymsByExpansion: ReadonlyMap<string, readonly string[]>;
  /**
   * Per paper: acronym key → the tokens of the expansion that paper gives it, so that "MT" in a
   * paper that defines "Multi-Timescale (MT)" is not read as machine translation there.
   */
  paperAcronyms: readonly ReadonlyMap<string, string>[];
  /** Document frequencies over this digest and the archive. */
  termStats: TermStats;
  /** arXiv category (lower case) → the papers listing it, and whether it is their first (primary) one. */
  categories: ReadonlyMap<string, readonly { paper: number; primary: boolean }[]>;
  tokenizeOptions: TokenizeOptions;
}

export interface PaperIndexOptions extends TokenizeOptions {
  /** Word statistics of the stored papers of earlier digests (see `countTerms`). */
  archive?: TermStats;
}

/** "Direct Preference Optimization (DPO)": the words before a parenthesised acronym spell it. */
function collectAcronymDefinitions(
  text: string,
  into: Map<string, Set<string>>,
  own: Map<string, string>,
  plainOf: (expansion: string) => string,
): void {
  for (const { key, expansion } of findAcronymDefinitions(text)) {
    const set = into.get(key) ?? new Set<string>();
    set.add(expansion);
    into.set(key, set);
    own.set(key, plainOf(expansion));
  }
}

/** A phrase's tokens without acronym marks, joined: how expansions are compared. */
export function plainTokens(text: string, options: TokenizeOptions = {}): string {
  return tokenizeQuery(text, options)
    .map((token) => token.replace(/^\^/, ''))
    .join(' ');
}

/**
 * Builds the index for one digest. Build it once per digest and reuse it for every profile.
 *
 * @example
 * const index = buildPaperIndex(digest.papers);
 * const ranked = matchPapers(index, Profile.parse({ topics: ['RLHF'] }));
 */
export function buildPaperIndex(papers: readonly Paper[], options: PaperIndexOptions = {}): PaperIndex {
  const { archive = emptyTermStats, ...tokenizeOptions } = options;
  const vocabulary = new Map<string, number>();
  const words = new Set<string>();
  const idOf = (key: string): number => {
    let id = vocabulary.get(key);
    if (id === undefined) {
      id = vocabulary.size;
      vocabulary.set(key, id);
    }
    return id;
  };
  const growing = new Map<number, number[]>();
  const post = (id: number, paper: number, field: number, position: number): void => {
    let list = growing.get(id);
    if (!list) {
      list = [];
      growing.set(id, list);
    }
    list.push(paper, field, position);
  };

  const definitions = new Map<string, Set<string>>();
  // Each expansion is tokenized once, for its paper's definitions and for the index's reverse map.
  const plainExpansions = new Map<string, string>();
  const plainOf = (expansion: string): string => {
    let plain = plainExpansions.get(expansion);
    if (plain === undefined) {
      plain = plainTokens(expansion, tokenizeOptions);
      plainExpansions.set(expansion, plain);
    }
    return plain;
  };
  const paperAcronyms: Map<string, string>[] = [];
  const df = new Map<number, number>();
  const lengthSums = [0, 0];
  const fields = papers.map((paper, paperIndex) => {
    const texts = [paper.title, paper.abstract] as const;
    const own = new Map<string, string>();
    paperAcronyms.push(own);
    const seen = new Set<number>();
    const indexed = texts.map((text, field) => {
      collectAcronymDefinitions(text, definitions, own, plainOf);
      const tokens = tokenizeText(text, tokenizeOptions);
      const keys = new Int32Array(tokens.length);
      const acronyms = new Int32Array(tokens.length).fill(-1);
      const breaks = new Uint8Array(tokens.length);
      tokens.forEach((token, position) => {
        words.add(token.word);
        breaks[position] =
          (token.afterBreak ? phraseBreak : 0) | (token.afterCoordination ? coordinationBreak : 0);
        const keyId = idOf(token.key);
        keys[position] = keyId;
        seen.add(keyId);
        post(keyId, paperIndex, field, position);
        if (token.acronym) {
          const acronymId = idOf(token.acronym);
          acronyms[position] = acronymId;
          seen.add(acronymId);
          post(acronymId, paperIndex, field, position);
        }
      });
      lengthSums[field] = (lengthSums[field] ?? 0) + tokens.length;
      return { keys, acronyms, breaks };
    });
    for (const id of seen) df.set(id, (df.get(id) ?? 0) + 1);
    return [indexed[0], indexed[1]] as [IndexedField, IndexedField];
  });
  const categories = new Map<string, { paper: number; primary: boolean }[]>();
  papers.forEach((paper, paperIndex) => {
    paper.categories.forEach((category, i) => {
      const key = category.toLowerCase();
      const list = categories.get(key) ?? [];
      if (!list.some((entry) => entry.paper === paperIndex))
        list.push({ paper: paperIndex, primary: i === 0 });
      categories.set(key, list);
    });
  });
  const keyOf = [...vocabulary.keys()];
  const digestStats: TermStats = {
    documents: papers.length,
    df: new Map([...df].map(([id, count]) => [keyOf[id] as string, count])),
  };

  const postings = new Map<number, Int32Array>();
  for (const [id, list] of growing) postings.set(id, Int32Array.from(list));
  const count = Math.max(1, papers.length);
  // The day's own definitions, and for acronyms the day does not define, the archive's settled one.
  for (const [key, expansion] of listSettledAcronyms(archive))
    if (!definitions.has(key)) definitions.set(key, new Set([expansion]));
  const acronymExpansions = new Map<string, string[]>();
  const acronymsByExpansion = new Map<string, string[]>();
  for (const [key, set] of definitions) {
    acronymExpansions.set(key, [...set].sort());
    for (const expansion of set) {
      const plain = plainOf(expansion);
      const keys = acronymsByExpansion.get(plain) ?? [];
      if (!keys.includes(key)) keys.push(key);
      acronymsByExpansion.set(plain, keys);
    }
  }

  return {
    papers,
    vocabulary,
    words,
    postings,
    fields,
    averageLength: [Math.max(1, (lengthSums[0] ?? 0) / count), Math.max(1, (lengthSums[1] ?? 0) / count)],
    acronymExpansions,
    acronymsByExpansion,
    paperAcronyms,
    termStats: mergeTermStats(digestStats, archive),
    categories,
    tokenizeOptions,
  };
}
