import { type PaperIndex, plainTokens } from './build-paper-index.ts';
import { ClauseSet } from './clause-set.ts';
import { type CompiledTopic, defaultMatchOptions, type MatchOptions } from './compiled-topic.ts';
import { findCompounds, findConceptSpans } from './find-concept-spans.ts';
import { findConceptsLoosely, looseWords } from './find-concepts-loosely.ts';
import { isEveryday, measureSpecificity, weighWord } from './measure-specificity.ts';
import { isNameAcrossConnectors } from './names-across-connectors.ts';
import { relationWeight } from './relation-weight.ts';
import { spellWords } from './spell-words.ts';
import type { KnownToken } from './spelling-variants.ts';
import { listSpellingVariants, listWordSpellings, writesJoined } from './spelling-variants.ts';
import { isConnector, splitAlternatives, splitAtConnectors } from './split-at-connectors.ts';
import {
  type ConceptLookup,
  findBroader,
  findConcepts,
  namesWholeTerm,
  usableConcepts,
} from './thesaurus.ts';
import { quoteTokens, tokenizeText } from './tokenize-text.ts';
import {
  addClause,
  addDigestAcronyms,
  addSpellingVariants,
  type Builder,
  queryKey,
  queryTokens,
} from './topic-builder.ts';

/** A one-word topic more common than this specificity is read in the sense of the profile's other topics. */
const vagueSpecificity = 0.8;

/** The reader's phrase named one corner of a field: the field and its other corners count for less. */
const cornerWeight = relationWeight.narrower * 0.7;

/**
 * A concept's phrases. Reached by its label, an acronym ("RLHF") or a taxonomy's alternative label,
 * the whole concept is meant: its synonyms, narrower and related concepts. Reached by another term
 * of a curated concept ("fMRI" in neuroscience, "labor market" in economics), only that corner is:
 * the field's name and its other corners are neighbours, not synonyms ("EEG" is not "fMRI"), and
 * the concept's narrower and related fields do not count at all.
 */
function expandConcept(b: Builder, unit: number, lookup: ConceptLookup): void {
  // A taxonomy's alternative labels are synonyms by definition (SKOS altLabel); the curated file's
  // terms also list parts of a field ("labor market" under economics), so there a term is a corner.
  const { concept } = lookup;
  const { entry } = concept;
  // "MCMC" spells out one term of Bayesian inference: that term is the reader's own, in full.
  if (lookup.expands !== undefined) addClause(b, unit, lookup.expands, relationWeight.synonym, 'synonym');
  if (lookup.via === 'term' && lookup.acronym !== true && concept.source === 'curated') {
    // A neighbour counts only where the paper also shows the reader's own corner: "brain" does
    // not make a paper an fMRI paper, nor "galaxy" in a title a paper on gravitational waves.
    for (const name of [entry.label, ...(entry.terms ?? [])])
      addClause(b, unit, name, cornerWeight, 'related', 'neighbour');
    return;
  }
  addClause(b, unit, entry.label, relationWeight.synonym, 'synonym');
  for (const term of entry.terms ?? []) addClause(b, unit, term, relationWeight.synonym, 'synonym');
  // A taxonomy files under a heading what is used or studied there, not only its kinds ("Trust"
  // under crowdsourcing, techniques under a physics discipline). A narrower phrase that shares no
  // word with the concept's names counts fully only where the paper also shows the concept (or says
  // the phrase in its title), as an ambiguous form does. Curated narrower concepts are kinds.
  const own =
    concept.source === 'taxonomy'
      ? new Set(
          [entry.label, ...(entry.terms ?? [])].flatMap((name) => queryTokens(name, b.index, b.options)),
        )
      : undefined;
  for (const narrower of entry.narrower ?? []) {
    const tokens = queryTokens(narrower, b.index, b.options);
    const apart = own !== undefined && !tokens.some((token) => own.has(token));
    addClause(b, unit, narrower, relationWeight.narrower, 'narrower', apart, tokens);
    // One hop only: a narrower concept's own synonyms, never its narrower or related ones,
    // and only when the phrase names that concept (its label), not merely one of its synonyms.
    for (const { concept: child, via } of usableConcepts(findConcepts(narrower), b.options)) {
      if (via !== 'label' || child.id === concept.id) continue;
      for (const term of child.entry.terms ?? []) {
        addClause(b, unit, term, relationWeight.narrowerTerm, 'narrower', apart);
      }
    }
  }
  for (const related of entry.related ?? []) addClause(b, unit, related, relationWeight.related, 'related');
  // A paper about the wider field is a neighbour of the topic, like a related concept: it helps a
  // topic whose papers rarely name it rank them above unrelated ones, and never selects alone.
  if (b.options.broader)
    for (const broader of findBroader(concept))
      addClause(b, unit, broader.label, relationWeight.related, 'related');
  if (b.options.categories) {
    for (const category of entry.categories ?? []) {
      b.clauses.add({
        text: category,
        tokens: [`@${category.toLowerCase()}`],
        // Named by its code, the category is the reader's own word, not a hint.
        weight: lookup.category ? relationWeight.topic : relationWeight.category,
        relation: 'category',
        ambiguous: false,
        unit,
      });
    }
  }
}

/**
 * `written` is the reader's text the unit comes from: reasons quote the reader's own words
 * ("planning"), not a stem ("plan") or the label of the concept the words name.
 */
function addUnit(
  b: Builder,
  text: string,
  tokens: string[],
  concepts: ConceptLookup[],
  written = text,
  /** For one hyphenated word of the reader's: how specific it is as a compound. */
  compound?: number,
): void {
  const unit = b.units.length;
  const words = [...new Set(tokens)];
  const surface = spellWords(written, words, (part) => queryTokens(part, b.index, b.options));
  // An acronym is not inflected or spelt the British way: "LoRA" has no variant "lorae".
  const spellings = surface.map((word, i) =>
    words[i]?.startsWith('^') ? [] : listWordSpellings(word, b.known),
  );
  b.units.push({
    text,
    words,
    surface,
    wordWeights: words.map((word) => weighWord(word, b.index, b.options)),
    alternatives: spellings.map((list, i) => list.map((s) => s.token).filter((token) => token !== words[i])),
    ...(compound !== undefined ? { compound: true } : {}),
  });
  b.clauses.add({
    text: written,
    tokens,
    weight: compound ?? measureSpecificity(tokens, b.index, b.options),
    relation: 'topic',
    ambiguous: false,
    unit,
  });
  for (const lookup of concepts) expandConcept(b, unit, lookup);
  addDigestAcronyms(b, unit, tokens);
  if (concepts.length === 0)
    for (const lookup of findDefinedConcepts(b, tokens)) expandConcept(b, unit, lookup);
  addSpellingVariants(b, unit, listSpellingVariants(surface, b.known, spellings), tokens);
}

/**
 * One part of a topic becomes one or more concepts: the thesaurus concept it names, else the known
 * concepts inside it (longest first) and the reader's remaining words as a phrase of their own.
 */
function addPart(
  b: Builder,
  part: string,
  alone: boolean,
  /** The part's concepts when the caller has looked them up already (the whole topic as one part). */
  known?: ConceptLookup[],
): void {
  const tokens = queryTokens(part, b.index, b.options);
  if (tokens.length === 0) return;
  const lookups = known ?? (b.options.thesaurus ? usableConcepts(findConceptsLoosely(part), b.options) : []);
  const named =
    alone || tokens.length > 1
      ? lookups
      : lookups.filter((lookup) => namesWholeTerm(lookup) || lookup.concept.source === 'curated');
  // A part with a connector inside is a name the vocabulary has as written ("internet of things"):
  // one concept, not the concepts inside it.
  const whole = part.split(/\s+/).some(isConnector) || spellsDefinedAcronym(b, part);
  if (named.length > 0 || tokens.length === 1 || !b.options.thesaurus || whole) {
    addUnit(b, part, tokens, named);
    return;
  }
  // A compound the digest also writes as one word ("pre-training", "pretraining") is one word to
  // the reader: no concept boundary runs through it.
  const spans = writesJoined(part, b.known)
    ? undefined
    : findConceptSpans(
        tokens,
        b.index,
        b.options,
        findCompounds(part, (w) => queryTokens(w, b.index, b.options)),
        looseWords(part),
      );
  if (spans === undefined) {
    addUnit(b, part, tokens, []);
    return;
  }
  for (const span of spans) {
    // Reasons quote the reader's words: "end-to-end", not the tokens "end end".
    const quoted =
      quoteTokens(part, span.start, span.tokens.length) ??
      span.tokens.map((t) => t.replace(/^\^/, '')).join(' ');
    addUnit(b, span.concepts[0]?.concept.label ?? quoted, span.tokens, span.concepts, quoted, span.compound);
  }
}

/**
 * A reader's acronym no vocabulary knows ("MU") that the papers define ("machine unlearning (MU)"):
 * the concept the definition names, with its synonyms and narrower concepts, as if the reader had
 * written it out.
 */
function findDefinedConcepts(b: Builder, tokens: string[]): ConceptLookup[] {
  const [token] = tokens;
  if (tokens.length !== 1 || !token?.startsWith('^') || !b.options.thesaurus || !b.options.acronyms)
    return [];
  const found = new Map<number, ConceptLookup>();
  for (const expansion of b.index.acronymExpansions.get(token) ?? [])
    for (const lookup of usableConcepts(findConceptsLoosely(expansion), b.options))
      if (!found.has(lookup.concept.id)) found.set(lookup.concept.id, lookup);
  return [...found.values()];
}

/** The papers (of the day or the archive) define an acronym as this phrase: "simultaneous localization and mapping (SLAM)". */
function spellsDefinedAcronym(b: Builder, phrase: string): boolean {
  return b.options.acronyms && b.index.acronymsByExpansion.has(plainTokens(phrase, b.index.tokenizeOptions));
}

/** A vocabulary names the phrase as written (a label or a term of a usable concept). */
function namesConcept(phrase: string, options: MatchOptions): boolean {
  return options.thesaurus && usableConcepts(findConcepts(phrase), options).length > 0;
}

function namesOneThing(b: Builder, part: string): boolean {
  return namesConcept(part, b.options) || spellsDefinedAcronym(b, part);
}

/**
 * "benchmarks and evaluation" is one concept of the topic that either word shows: a reader who
 * coordinates two things wants papers on either, not only on both. Each alternative brings its own
 * phrase and, if it names one, its concept.
 */
function addAlternatives(b: Builder, part: string, alternatives: string[]): void {
  addUnit(b, part, queryTokens(part, b.index, b.options), []);
  const unit = b.units.length - 1;
  for (const alternative of alternatives) {
    addClause(b, unit, alternative, 1, 'topic');
    const lookups = b.options.thesaurus ? usableConcepts(findConceptsLoosely(alternative), b.options) : [];
    for (const lookup of lookups) expandConcept(b, unit, lookup);
  }
}

/**
 * Turns one typed topic into the concepts a paper must show and the phrases that show each: the
 * topic itself, and through the thesaurus its synonyms, narrower and related concepts. A topic of
 * several concepts ("sparse attention for long documents") needs evidence for every one of them.
 */
export function compileTopic(
  topic: string,
  index: PaperIndex,
  options: MatchOptions = defaultMatchOptions,
): CompiledTopic {
  // A spelling is known only as a word some paper wrote, not as a stem some word shares.
  const known: KnownToken = (word) => {
    const [token, ...rest] = tokenizeText(word, index.tokenizeOptions);
    if (token === undefined || rest.length > 0 || !index.words.has(token.word)) return undefined;
    const key = queryKey(token, options);
    return index.vocabulary.has(key) ? key : undefined;
  };
  const b: Builder = { index, options, clauses: new ClauseSet(), units: [], known };
  const named = options.thesaurus ? usableConcepts(findConceptsLoosely(topic), options) : [];
  const tokens = queryTokens(topic, index, options);
  if (tokens.length === 0) return { topic, units: [], clauses: [], vague: false };
  if (named.length > 0 || !options.allConcepts) {
    addUnit(b, topic, tokens, named);
  } else {
    // One word next to other parts ("memory" in "neuroscience of memory") has a research-topic
    // sense if the curated vocabulary has one, never the sense of every taxonomy that has it as a
    // heading (random access memory).
    const split = splitAtConnectors(topic, {
      isName: (phrase) => isNameAcrossConnectors(phrase, options),
      isTerm: (phrase) => namesConcept(phrase, options),
    });
    // Everyday words as a part of their own ("methods" in "methods for protein design") are no
    // concept a paper must show, as everyday words left over inside a part are not.
    const specific = split.filter((part) => !isEveryday(queryTokens(part, index, options), index, options));
    const parts = specific.length > 0 ? specific : split;
    for (const part of parts) {
      // "probability and statistics", "simultaneous localization and mapping": a coordination that a
      // vocabulary or the papers (as an acronym's definition) name as one thing is one concept.
      const alternatives = namesOneThing(b, part) ? [part] : splitAlternatives(part);
      if (alternatives.length > 1) addAlternatives(b, part, alternatives);
      else addPart(b, part, parts.length === 1, part === topic ? named : undefined);
    }
  }
  const vague =
    options.contextGating &&
    tokens.length === 1 &&
    !tokens[0]?.startsWith('^') &&
    measureSpecificity(tokens, index, options) < vagueSpecificity;
  // A word the reader wrote for one concept of the topic is no evidence for another ("agent" is
  // not evidence of "computer use" in "computer-use agents": the paper must show both).
  const clauses = b.clauses
    .list()
    .filter(
      (clause) =>
        clause.relation === 'topic' ||
        !b.units.some(
          (unit, u) => u !== clause.unit && clause.tokens.every((token) => unit.words.includes(token)),
        ),
    );
  return { topic, units: b.units, clauses, vague };
}
