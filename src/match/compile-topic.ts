import type { PaperIndex } from './build-paper-index.ts';
import {
  type Concept,
  findConcepts,
  findConceptsByKey,
  isAmbiguousTerm,
  stripAmbiguityMark,
} from './thesaurus.ts';
import { tokenizeQuery, tokenizeText } from './tokenize-text.ts';

/** Which parts of the matcher are switched on; the ablation study turns them off one by one. */
export interface MatchOptions {
  /** Expand topics with the thesaurus (synonyms, acronyms, narrower and related concepts). */
  thesaurus: boolean;
  /** Case-sensitive acronym keys and acronyms the digest defines itself. */
  acronyms: boolean;
  /** Count words of a phrase that appear close together, not only adjacent. */
  proximity: boolean;
  /** Ambiguous words ("bias", "alignment") count only next to words confirming their sense. */
  contextGating: boolean;
  /** How much a title occurrence outweighs one in the abstract. */
  titleBoost: number;
}

export const defaultMatchOptions: MatchOptions = {
  thesaurus: true,
  acronyms: true,
  proximity: true,
  contextGating: true,
  titleBoost: 3,
};

export type ClauseRelation = 'topic' | 'synonym' | 'narrower' | 'related' | 'word' | 'context';

/** One phrase to look for on behalf of a topic, and how much finding it is worth. */
export interface Clause {
  /** The phrase as written in the topic or thesaurus, for reasons. */
  text: string;
  tokens: string[];
  weight: number;
  relation: ClauseRelation;
  /** Counts only when a non-ambiguous clause of one of `groups` also matched the paper. */
  ambiguous: boolean;
  /** Thesaurus concept ids this clause is evidence for. */
  groups: number[];
}

export interface CompiledTopic {
  topic: string;
  clauses: Clause[];
}

/**
 * Evidence weights by relation. A synonym is nearly as good as the topic itself, a
 * narrower concept is good evidence, a related one is a hint that should not select
 * a paper on its own, and single words of a multi-word topic are weaker still.
 */
const relationWeight = {
  topic: 1,
  synonym: 0.95,
  narrower: 0.8,
  narrowerTerm: 0.7,
  related: 0.35,
  digestAcronym: 0.9,
};

/**
 * Words so common in research abstracts that, alone, they say little about the topic.
 * They still count inside phrases.
 */
const genericWords = new Set(
  tokenizeQuery(
    'model models learning data method methods approach network networks neural deep system systems task tasks ' +
      'training train algorithm algorithms performance result results problem problems analysis framework study ' +
      'new based using use paper work show propose proposed large small efficient effective novel theory ' +
      'application applications machine ai artificial intelligence information research time number set sets ' +
      'general different high low first two one language image function functions value values structure',
  ).map((token) => token.replace(/^\^/, '')),
);

export function isGenericWord(token: string): boolean {
  return genericWords.has(token.replace(/^\^/, ''));
}

class ClauseSet {
  private readonly byKey = new Map<string, Clause>();

  add(clause: Clause): void {
    if (clause.tokens.length === 0) return;
    const key = clause.tokens.join(' ');
    const existing = this.byKey.get(key);
    if (!existing) {
      this.byKey.set(key, clause);
      return;
    }
    // Keep the strongest reading of a phrase; a clause that is unambiguous anywhere is unambiguous.
    const merged = clause.weight > existing.weight ? { ...clause } : { ...existing };
    merged.ambiguous = existing.ambiguous && clause.ambiguous;
    merged.groups = [...new Set([...existing.groups, ...clause.groups])];
    this.byKey.set(key, merged);
  }

  list(): Clause[] {
    return [...this.byKey.values()];
  }
}

function queryTokens(text: string, index: PaperIndex, options: MatchOptions): string[] {
  const tokens = tokenizeQuery(text, index.tokenizeOptions);
  return options.acronyms ? tokens : tokens.map((token) => token.replace(/^\^/, ''));
}

function expandConcept(
  concept: Concept,
  scale: number,
  clauses: ClauseSet,
  index: PaperIndex,
  options: MatchOptions,
): void {
  const groups = [concept.id];
  const make = (text: string, weight: number, relation: ClauseRelation, ambiguous = false): Clause => ({
    text,
    tokens: queryTokens(text, index, options),
    weight: weight * scale,
    relation,
    ambiguous: ambiguous && options.contextGating,
    groups,
  });
  const { entry } = concept;
  clauses.add(make(entry.label, relationWeight.synonym, 'synonym'));
  for (const term of entry.terms ?? []) {
    clauses.add(make(stripAmbiguityMark(term), relationWeight.synonym, 'synonym', isAmbiguousTerm(term)));
  }
  for (const narrower of entry.narrower ?? []) {
    clauses.add(make(narrower, relationWeight.narrower, 'narrower'));
    // One hop only: a narrower concept's own synonyms, never its narrower or related ones.
    // Only when the phrase names the child concept: a phrase that is merely a synonym
    // inside a broader entry ("reward hacking" in AI safety) must not drag that entry in.
    for (const { concept: child, via } of findConcepts(narrower)) {
      if (via !== 'label' || child.id === concept.id) continue;
      clauses.add(make(child.label, relationWeight.narrowerTerm, 'narrower'));
      for (const term of child.entry.terms ?? []) {
        if (!isAmbiguousTerm(term)) clauses.add(make(term, relationWeight.narrowerTerm, 'narrower'));
      }
    }
  }
  for (const related of entry.related ?? []) {
    clauses.add(
      make(stripAmbiguityMark(related), relationWeight.related, 'related', isAmbiguousTerm(related)),
    );
  }
  if (options.contextGating) {
    for (const word of entry.context ?? []) clauses.add(make(word, 0, 'context'));
  }
}

/** Acronyms the digest defines: "MIL" ↔ "multiple instance learning". */
function addDigestAcronyms(
  tokens: string[],
  clauses: ClauseSet,
  index: PaperIndex,
  options: MatchOptions,
): void {
  if (!options.acronyms) return;
  const plain = tokens.map((token) => token.replace(/^\^/, '')).join(' ');
  if (tokens.length === 1) {
    for (const expansion of index.acronymExpansions.get(`^${plain}`) ?? []) {
      clauses.add({
        text: expansion,
        tokens: queryTokens(expansion, index, options),
        weight: relationWeight.digestAcronym,
        relation: 'synonym',
        ambiguous: false,
        groups: [],
      });
    }
    return;
  }
  for (const [acronym, expansions] of index.acronymExpansions) {
    const matches = expansions.some(
      (expansion) =>
        queryTokens(expansion, index, options)
          .map((token) => token.replace(/^\^/, ''))
          .join(' ') === plain,
    );
    if (matches) {
      clauses.add({
        text: acronym.slice(1).toUpperCase(),
        tokens: [acronym],
        weight: relationWeight.digestAcronym,
        relation: 'synonym',
        ambiguous: false,
        groups: [],
      });
    }
  }
}

/**
 * Turns one typed topic into the clauses to search for. A topic the thesaurus knows
 * expands to its synonyms, narrower and related concepts; an unknown multi-word topic
 * is searched as a phrase, through the known concepts inside it, and word by word.
 */
export function compileTopic(
  topic: string,
  index: PaperIndex,
  options: MatchOptions = defaultMatchOptions,
): CompiledTopic {
  const clauses = new ClauseSet();
  const tokens = queryTokens(topic, index, options);
  if (tokens.length === 0) return { topic, clauses: [] };

  const lookups = options.thesaurus ? findConcepts(topic) : [];
  const topicAmbiguous = lookups.length > 0 && lookups.every((lookup) => lookup.via === 'ambiguous-term');
  const singleGeneric = tokens.length === 1 && isGenericWord(tokens[0] ?? '');
  clauses.add({
    text: topic,
    tokens,
    // A lone generic word ("models") is barely evidence of anything.
    weight: singleGeneric ? 0.3 : relationWeight.topic,
    relation: 'topic',
    ambiguous: topicAmbiguous && options.contextGating,
    groups: lookups.map((lookup) => lookup.concept.id),
  });

  // An ambiguous word as a whole topic ("bias") is read in the sense the thesaurus
  // knows, a little less confidently than a topic that names its concept outright.
  const scale = topicAmbiguous ? 0.8 : 1;
  for (const { concept } of lookups) expandConcept(concept, scale, clauses, index, options);

  if (lookups.length === 0 && tokens.length > 1) {
    const plain = tokens.map((token) => token.replace(/^\^/, ''));
    const covered = new Array<boolean>(tokens.length).fill(false);
    if (options.thesaurus) {
      // Known concepts inside the topic, longest first, without overlaps.
      for (let length = tokens.length - 1; length >= 1; length--) {
        for (let start = 0; start + length <= tokens.length; start++) {
          if (covered.slice(start, start + length).some(Boolean)) continue;
          const span = plain.slice(start, start + length);
          if (length === 1 && isGenericWord(span[0] ?? '')) continue;
          const found = findConceptsByKey(span.join(' ')).filter((lookup) => lookup.via !== 'ambiguous-term');
          if (found.length === 0) continue;
          covered.fill(true, start, start + length);
          const coverage = length / tokens.length;
          for (const { concept } of found) expandConcept(concept, 0.85 * coverage, clauses, index, options);
        }
      }
    }
    const rawWords = tokenizeText(topic, index.tokenizeOptions).map((token) => token.raw);
    for (const [position, token] of tokens.entries()) {
      // Bare numbers and single letters ("GPT-4" → "4") say nothing alone.
      if (covered[position] || isGenericWord(token) || /^\^?(\d+|\w)$/.test(token)) continue;
      clauses.add({
        text: rawWords[position] ?? token,
        tokens: [token],
        weight: 0.5 / tokens.length,
        relation: 'word',
        ambiguous: false,
        groups: [],
      });
    }
  }
  addDigestAcronyms(tokens, clauses, index, options);
  return { topic, clauses: clauses.list() };
}
