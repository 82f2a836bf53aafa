import { stemmer } from 'stemmer';
import { deriveWords } from './derive-words.ts';
import {
  addLookupTo,
  type ConceptLookup,
  findConcepts,
  findConceptsByKey,
  isAcronym,
  listLookups,
  sortLookups,
  toLookupKey,
} from './thesaurus.ts';
import { stemWord, tokenizeText } from './tokenize-text.ts';

/**
 * A key without word form (each word's Porter stem), and with `anyOrder` without word order either.
 * Readers name a concept in their own grammar ("fairness of algorithms", "designing proteins",
 * "deceptively aligned"), and the vocabulary lists it once ("algorithmic fairness", "protein design",
 * "deceptive alignment"). Used to find the concept only; papers are still matched on the words as
 * written. Words go in as written (lower-cased), not as the matcher's own stems, which Porter's
 * rules do not expect.
 */
function toLooseKey(stems: readonly string[], anyOrder: boolean): string {
  return anyOrder ? [...new Set(stems)].sort().join(' ') : stems.join(' ');
}

const stemWords = (words: readonly string[]): string[] => words.map((word) => stemmer(word.toLowerCase()));

/** The words of a phrase as the loose key takes them: acronyms by their letters. */
export function looseWords(text: string): string[] {
  return tokenizeText(text).map((token) => token.acronym?.slice(1) ?? token.raw);
}

interface LooseKeys {
  ordered: Map<string, ConceptLookup[]>;
  anyOrder: Map<string, ConceptLookup[]>;
  /**
   * Names of several words run together ("fine-tuning", "fine tuning" and "finetuning" are one word
   * written three ways); `joinedWord` the names of one word, which only a reader's words written
   * apart may meet ("data set"): one word against one word would be Porter's derivations
   * ("deceptive" for "deception"), which the loose lookup leaves alone.
   */
  joined: Map<string, ConceptLookup[]>;
  joinedWord: Map<string, ConceptLookup[]>;
}

/** A joined key shorter than this is too likely another word ("dataset" yes, "re-id" no). */
const minJoined = 6;

/**
 * The words run together, then stemmed once, since a word's stem depends on where it ends
 * ("finetun", "tune"), and by the matcher's light stemmer: Porter's suffixes would find "storage"
 * in "storagerings".
 */
const toJoinedKey = (words: readonly string[]): string => stemWord(words.join('').toLowerCase());

let looseKeys: LooseKeys | undefined;

/**
 * Loose key (two words or more) in order and in any order, and joined key → the concepts whose
 * label or term has it.
 */
function buildLooseKeys(): LooseKeys {
  const keys: LooseKeys = {
    ordered: new Map(),
    anyOrder: new Map(),
    joined: new Map(),
    joinedWord: new Map(),
  };
  // A concept is listed under the key of each of its names: tokenize each name once, not once per key.
  const keyOfName = new Map<string, string>();
  const keyOf = (name: string): string => {
    let key = keyOfName.get(name);
    if (key === undefined) {
      key = toLookupKey(name);
      keyOfName.set(name, key);
    }
    return key;
  };
  for (const [key, lookups] of listLookups()) {
    const several = key.includes(' ');
    for (const lookup of lookups) {
      const names = [lookup.concept.entry.label, ...(lookup.concept.entry.terms ?? [])];
      for (const name of names.filter((n) => keyOf(n) === key)) {
        const words = looseWords(name);
        if (several) {
          const stems = stemWords(words);
          addLookupTo(keys.ordered, toLooseKey(stems, false), lookup);
          addLookupTo(keys.anyOrder, toLooseKey(stems, true), lookup);
        }
        if (!isAcronym(lookup))
          addLookupTo(words.length > 1 ? keys.joined : keys.joinedWord, toJoinedKey(words), lookup);
      }
    }
  }
  return keys;
}

/**
 * Concepts named by two words or more in another form of the words, and with `anyOrder` in
 * another order too; else by the same letters joined or split at another place. Only a reader's
 * whole phrase may be reordered: inside a longer one, a reordered run crosses its structure
 * ("resource languages" in "low resource languages" is not "language resources"). The keys are
 * built on first use: a CLI command that matches nothing never pays for them.
 */
export function findConceptsByLooseWords(words: readonly string[], anyOrder: boolean): ConceptLookup[] {
  if (words.length === 0) return [];
  looseKeys ??= buildLooseKeys();
  const map = anyOrder ? looseKeys.anyOrder : looseKeys.ordered;
  const found = words.length > 1 ? map.get(toLooseKey(stemWords(words), anyOrder)) : undefined;
  if (found) return sortLookups(found);
  // "life-long learning" is lifelong learning, "parameter efficient finetuning" is PEFT: the same
  // words, joined or split at another place.
  const joined = toJoinedKey(words);
  const named =
    joined.length < minJoined
      ? undefined
      : (looseKeys.joined.get(joined) ?? (words.length > 1 ? looseKeys.joinedWord.get(joined) : undefined));
  if (named) return sortLookups(named);
  return anyOrder && words.length > 1 ? findByDerivedWords(words, map) : [];
}

/** More combinations than this of a phrase's derived words are not tried (none has come near). */
const maxDerivedPhrases = 64;

/**
 * Concepts a reader's whole phrase names with other words of the same families ("conformal
 * predictors" names conformal prediction through "predict"): each word as written or as a word of
 * its family (WordNet), every combination, in any order. Only a whole phrase: a run inside a longer
 * one is an unfinished name ("spiking neural" in "spiking neural nets" is not spiking neurons).
 */
function findByDerivedWords(
  words: readonly string[],
  anyOrder: Map<string, ConceptLookup[]>,
): ConceptLookup[] {
  const choices = words.map((word) => [word, ...deriveWords(word)]);
  if (choices.every((choice) => choice.length === 1)) return [];
  let phrases: string[][] = [[]];
  for (const choice of choices) {
    phrases = phrases.flatMap((phrase) => choice.map((word) => [...phrase, word]));
    if (phrases.length > maxDerivedPhrases) return [];
  }
  const found = new Set<ConceptLookup>();
  for (const phrase of phrases.slice(1))
    for (const lookup of anyOrder.get(toLooseKey(stemWords(phrase), true)) ?? []) found.add(lookup);
  return sortLookups([...found]);
}

/**
 * Concepts named by `text` as written, else (for two words or more) by the same words in another
 * order or form ("classification of images" names image classification), else with its acronyms
 * spelled out or a label in it shortened to its acronym, else without a linking "-based".
 */
export function findConceptsLoosely(text: string): ConceptLookup[] {
  const exact = findConcepts(text);
  if (exact.length > 0) return exact;
  const loose = findConceptsByLooseWords(looseWords(text), true);
  if (loose.length > 0) return loose;
  // "RL from human feedback" is "reinforcement learning from human feedback": an acronym the
  // vocabulary defines, spelled out inside a longer phrase.
  const spelled = spellOutAcronyms(text);
  if (spelled !== undefined) {
    const found = findConcepts(spelled);
    if (found.length > 0) return found;
    const again = findConceptsByLooseWords(looseWords(spelled), true);
    if (again.length > 0) return again;
  }
  // "large language model agents" is "LLM agents": a label the vocabulary abbreviates, inside a longer phrase.
  const shortened = abbreviateLabels(toLookupKey(text));
  const abbreviated = shortened === undefined ? [] : findConceptsByKey(shortened);
  if (abbreviated.length > 0) return abbreviated;
  // "LLM-based agents" and "LLM-powered agents" are LLM agents: the participle says how the words
  // relate, which the vocabulary's name says by putting them side by side.
  const linked = text.replace(linkingParticiple, ' ');
  return linked === text ? [] : findConceptsLoosely(linked);
}

/** "-based", "-driven", "-powered" after a word: "X-based Y" names what "X Y" names. */
const linkingParticiple = /(?<=\S)-(?:based|driven|powered)\b/gi;

let acronymOfLabel: Map<string, string> | undefined;

/**
 * Lookup key of a concept's label → the key of its acronym ("large language models" → "llm",
 * "artificial intelligence" → "ai"), from every vocabulary: a taxonomy's acronym that another
 * field's curated one overrides ("CNN") is no longer listed under its label (see thesaurus.ts).
 */
function buildAcronymOfLabel(): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, lookups] of listLookups()) {
    if (key.includes(' ')) continue;
    for (const lookup of lookups) {
      if (!isAcronym(lookup)) continue;
      const label = toLookupKey(lookup.concept.label);
      if (label.includes(' ') && !map.has(label)) map.set(label, key);
    }
  }
  return map;
}

/** The key with the longest runs of words that spell a label replaced by its acronym. */
function abbreviateLabels(key: string): string | undefined {
  acronymOfLabel ??= buildAcronymOfLabel();
  const words = key.split(' ');
  if (words.length < 3) return undefined;
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < words.length; ) {
    let taken = 0;
    for (let length = words.length - i; length >= 2 && taken === 0; length--) {
      if (length === words.length) continue;
      const acronym = acronymOfLabel.get(words.slice(i, i + length).join(' '));
      if (acronym !== undefined) {
        out.push(acronym);
        taken = length;
      }
    }
    if (taken > 0) {
      changed = true;
      i += taken;
    } else out.push(words[i++] as string);
  }
  return changed ? out.join(' ') : undefined;
}

/** The phrase with each acronym a concept is named by replaced by that concept's label ("functional MRI"). */
function spellOutAcronyms(text: string): string | undefined {
  const tokens = tokenizeText(text);
  if (tokens.length < 2) return undefined;
  let changed = false;
  const words = tokens.map((token) => {
    if (token.acronym === undefined) return token.raw;
    const lookups = findConcepts(token.raw);
    // The concept's label, or the one term the acronym spells ("T2I" is "text-to-image").
    const spelled = lookups.find(isAcronym)?.concept.label ?? lookups.find((l) => l.expands)?.expands;
    if (spelled === undefined) return token.raw;
    changed = true;
    return spelled;
  });
  return changed ? words.join(' ') : undefined;
}
