import type { PaperIndex } from './build-paper-index.ts';
import type { MatchOptions } from './compiled-topic.ts';
import { findConceptsByLooseWords } from './find-concepts-loosely.ts';
import {
  everydaySpecificity as everyday,
  measureCompoundSpecificity,
  measureSpecificity,
} from './measure-specificity.ts';
import {
  type ConceptLookup,
  findConceptsByKey,
  namesWholeTerm,
  toLookupKey,
  usableConcepts,
} from './thesaurus.ts';

/** A run of the reader's words: a known concept inside a longer topic, or the words left over. */
export interface ConceptSpan {
  start: number;
  tokens: string[];
  concepts: ConceptLookup[];
  /**
   * Set when the leftover words are one hyphenated word of the reader's ("model-based"), which
   * counts only as a whole: how specific the compound is (`measureCompoundSpecificity`).
   */
  compound?: number;
}

/**
 * The known concepts inside a part of a topic that names none as a whole, longest first, and the
 * reader's remaining words as spans of their own, in the order the reader wrote them: "battery
 * materials discovery" → "battery", "materials discovery" (a concept); everyday leftovers ("methods")
 * are no span. Undefined when no concept is inside.
 */
export function findConceptSpans(
  tokens: string[],
  index: PaperIndex,
  options: MatchOptions,
  compounds: readonly { start: number; end: number; hyphens: number }[] = [],
  /** The reader's words as written, one per token, for a concept named in other words' forms. */
  written: readonly string[] = [],
): ConceptSpan[] | undefined {
  const plain = tokens.map((token) => token.replace(/^\^/, ''));
  const owner = new Array<number>(tokens.length).fill(-1);
  const found: { start: number; length: number; concepts: ConceptLookup[]; plain: boolean }[] = [];
  for (let length = tokens.length - 1; length >= 1; length--) {
    for (let start = 0; start + length <= tokens.length; start++) {
      if (owner.slice(start, start + length).some((o) => o >= 0)) continue;
      // An everyday word ("models" in "world models") is no concept of its own, whatever heading of
      // a taxonomy it also names ("Modeling and simulation"): it stays a leftover word.
      if (length === 1 && measureSpecificity(tokens.slice(start, start + 1), index, options) < everyday)
        continue;
      const key = plain.slice(start, start + length).join(' ');
      const exact = findConceptsByKey(key);
      const loose =
        exact.length === 0 && written.length === tokens.length
          ? findConceptsByLooseWords(written.slice(start, start + length), false)
          : [];
      const lookups = usableConcepts(exact.length > 0 ? exact : loose, options);
      if (lookups.length === 0) continue;
      // One word inside a longer topic ("planning" in "urban planning", "galaxy" in "galaxy
      // dynamics") is the reader's own word, a concept of the topic but not a field to expand: the
      // concepts that list it ("motion planning", "task planning") belong to other topics. An
      // acronym ("GAN" in "GAN training") still stands for its concept, or for the term it spells.
      const concepts = length === 1 ? lookups.filter(namesWholeTerm) : lookups;
      owner.fill(found.length, start, start + length);
      found.push({ start, length, concepts, plain: lookups.some((l) => namesPlainly(l, key)) });
    }
  }
  if (found.length === 0) return undefined;
  // Concepts and leftover spans in the order the reader wrote them.
  const spans: ConceptSpan[] = found.map((f) => ({
    start: f.start,
    tokens: tokens.slice(f.start, f.start + f.length),
    concepts: f.concepts,
  }));
  let leftover: number[] = [];
  const flush = () => {
    const words = leftover.map((i) => tokens[i] as string);
    const first = leftover[0] as number;
    // A hyphenated word left over whole ("model-based" in "model-based RL") can be rarer than its
    // everyday words: it says what kind of the concept the reader means, as one word.
    const compound = compounds.some((c) => c.start === first && c.end === first + words.length);
    // The rest of a one-hyphen word whose first part names a concept ("aware" in "fairness-aware",
    // "guided" in "physics-guided") says how the reader relates to that concept, not a concept of
    // its own. "text-to-3D" has two hyphens: "3D" is a concept of the reader's there.
    const modifier = compounds.some(
      (c) =>
        c.hyphens === 1 &&
        c.start < first &&
        first + words.length <= c.end &&
        found[owner[c.start] ?? -1]?.plain === true,
    );
    if (modifier) {
      leftover = [];
      return;
    }
    const specificity = compound
      ? measureCompoundSpecificity(words, index, options)
      : measureSpecificity(words, index, options);
    // Everyday words left over ("methods" in "deep learning methods") are not a concept of their own.
    if (words.length > 0 && specificity >= everyday) {
      spans.push({
        start: first,
        tokens: words,
        concepts: [],
        ...(compound ? { compound: specificity } : {}),
      });
    }
    leftover = [];
  };
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && owner[i] === -1) leftover.push(i);
    else flush();
  }
  spans.sort((x, y) => x.start - y.start);
  return spans;
}

/**
 * The lookup names its concept in lower-case words, as its label or a term: "fairness" does, while
 * "zero" only meets the name "ZeRO", which a reader writing "zero-shot" does not mean.
 */
function namesPlainly(lookup: ConceptLookup, key: string): boolean {
  if (lookup.via === 'label') return true;
  return (lookup.concept.entry.terms ?? []).some(
    (term) => term === term.toLowerCase() && toLookupKey(term) === key,
  );
}

/** Where each hyphenated word of the reader's ("model-based") lies among the part's tokens. */
export function findCompounds(
  part: string,
  tokenize: (word: string) => string[],
): { start: number; end: number; hyphens: number }[] {
  const found: { start: number; end: number; hyphens: number }[] = [];
  let at = 0;
  for (const word of part.split(/\s+/)) {
    const count = tokenize(word).length;
    if (word.includes('-') && count > 1)
      found.push({ start: at, end: at + count, hyphens: word.split('-').length - 1 });
    at += count;
  }
  return found;
}
