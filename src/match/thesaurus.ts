import { createRequire } from 'node:module';
import { abbreviates } from './abbreviates.ts';
import { type ThesaurusConcept, ThesaurusFile } from './thesaurus-schema.ts';
import { tokenizeQuery } from './tokenize-text.ts';

/** A thesaurus concept with its id. */
export interface Concept {
  id: number;
  label: string;
  entry: ThesaurusConcept;
  /** Curated (data/thesaurus.json) or built from public taxonomies (data/vocabulary.json). */
  source: 'curated' | 'taxonomy';
}

export interface ConceptLookup {
  concept: Concept;
  /** How the text met the concept: its label or a synonym. */
  via: 'label' | 'term';
  /** The synonym met is an acronym of the concept's label ("RLHF", "NLP"): as good as the label. */
  acronym?: boolean;
  /**
   * The synonym met abbreviates another of the concept's terms ("MCMC", "Markov chain Monte Carlo"
   * under Bayesian inference): that term means the same as the reader's, the rest is a corner.
   */
  expands?: string;
  /** The text was one of the concept's arXiv category codes ("cs.LG"): the reader asked for that listing. */
  category?: true;
}

const requireData = createRequire(import.meta.url);

/**
 * The vocabulary is data, checked against its schema once when the matcher is first imported;
 * `require` loads it as a module, so the pure matcher does no file I/O. Two files:
 * - data/thesaurus.json: curated research topics, with the synonyms and acronyms people write;
 * - data/vocabulary.json: built by scripts/build-vocabulary.ts from public taxonomies (ACM CCS,
 *   arXiv categories, JEL codes), so that fields nobody curated still have their subfields.
 */
export function loadThesaurus(
  data: unknown = requireData('./data/thesaurus.json'),
  vocabulary: unknown = requireData('./data/vocabulary.json'),
): Omit<Concept, 'id'>[] {
  const tag = (source: Concept['source']) => (entry: ThesaurusConcept) => ({
    label: entry.label,
    entry,
    source,
  });
  return [
    ...ThesaurusFile.parse(data).concepts.map(tag('curated')),
    ...ThesaurusFile.parse(vocabulary).concepts.map(tag('taxonomy')),
  ];
}

/** Lookup key of a phrase: its tokens with acronym markers dropped, so "rlhf" finds "RLHF". */
export function toLookupKey(text: string): string {
  return tokenizeQuery(text)
    .map((token) => token.replace(/^\^/, ''))
    .join(' ');
}

/** A term written in capitals, as acronyms are in the data ("RLHF", "GNNs"). */
const inCapitals = (term: string): boolean => /^[A-Z][A-Z0-9-]*[A-Z0-9]s?$/.test(term);
/** One word with two capitals or more, as names shortened from a phrase are ("NeRF", "LoRA", "FedAvg"). */
const shortened = (term: string): boolean => /^[A-Z][A-Za-z0-9-]*$/.test(term) && /[A-Z].*[A-Z]/.test(term);

const concepts: Concept[] = loadThesaurus().map((concept, id) => ({ id, ...concept }));

/** Every concept of both vocabularies, curated first. */
export const listConcepts = (): readonly Concept[] => concepts;

/** Lookup key → the concepts whose label or term has that key, labels first. */
const conceptsByKey = new Map<string, ConceptLookup[]>();

/** Lists `lookup` under `key` in `map`, unless a lookup of the same concept is there already. */
export function addLookupTo(map: Map<string, ConceptLookup[]>, key: string, lookup: ConceptLookup): void {
  const list = map.get(key) ?? [];
  if (list.some((existing) => existing.concept.id === lookup.concept.id)) return;
  list.push(lookup);
  map.set(key, list);
}

function addLookup(key: string, lookup: ConceptLookup): void {
  if (key !== '') addLookupTo(conceptsByKey, key, lookup);
}

for (const concept of concepts) addLookup(toLookupKey(concept.label), { concept, via: 'label' });
for (const concept of concepts) {
  const label = toLookupKey(concept.entry.label);
  for (const term of concept.entry.terms ?? []) {
    // Capitals alone do not make an acronym of the concept: the sources list sub-topics in capitals
    // ("MRI" under medical imaging, "JWST" under astrophysics) and upper-case short words ("CLASS").
    const expands = shortened(term)
      ? (concept.entry.terms ?? []).find((other) => other !== term && abbreviates(term, other))
      : undefined;
    // "ASR" spells "automatic speech recognition", which is the label with a word more: the whole concept.
    const whole =
      (inCapitals(term) || shortened(term)) &&
      (abbreviates(term, concept.entry.label) ||
        (expands !== undefined && ` ${toLookupKey(expands)} `.includes(` ${label} `)));
    addLookup(toLookupKey(term), {
      concept,
      via: 'term',
      ...(whole ? { acronym: true } : expands !== undefined ? { expands } : {}),
    });
  }
}

// An arXiv category code names its category's concepts ("cs.LG", "astro-ph.GA", "astro-ph"), as
// readers of arXiv alerts write topics: the narrowest that list it ("astro-ph.GA" is astrophysics of
// galaxies, not all of astrophysics). Only codes with a dot or a hyphen: a bare archive name is a
// word ("math", "stat") that other topics use.
const categoryCount = (concept: Concept): number => concept.entry.categories?.length ?? 0;
/** Lookup key of a category code → the narrowest concepts that list it. */
const conceptsByCode = new Map<string, Concept[]>();
for (const concept of concepts) {
  for (const code of concept.entry.categories ?? []) {
    const key = toLookupKey(code);
    // A part that is a stop word ("math.IT") would leave a bare archive word as the key.
    if (!/[.-]/.test(code) || key.split(' ').length !== code.split(/[.-]/).length) continue;
    const known = conceptsByCode.get(key) ?? [];
    const narrowest = known[0] ? categoryCount(known[0]) : Number.POSITIVE_INFINITY;
    if (categoryCount(concept) < narrowest) conceptsByCode.set(key, [concept]);
    else if (categoryCount(concept) === narrowest) known.push(concept);
  }
}
for (const [key, named] of conceptsByCode)
  for (const concept of named) addLookup(key, { concept, via: 'term', acronym: true, category: true });

// An acronym the curated vocabulary defines means that research topic; the same letters in a
// taxonomy ("CNN": cellular neural networks, "QA": quality assurance) are another field's.
for (const [key, lookups] of conceptsByKey) {
  const meant = new Set(
    lookups
      .filter((lookup) => lookup.acronym && lookup.concept.source === 'curated')
      .map((lookup) => toLookupKey(lookup.concept.label)),
  );
  if (meant.size === 0) continue;
  conceptsByKey.set(
    key,
    lookups.filter(
      (lookup) =>
        !(lookup.acronym && lookup.concept.source === 'taxonomy') ||
        meant.has(toLookupKey(lookup.concept.label)),
    ),
  );
}

/** An acronym a vocabulary defines for a concept ("RLHF", "LLMs", MeSH's "MRI"), not a category code. */
export const isAcronym = (lookup: ConceptLookup): boolean => lookup.acronym === true && !lookup.category;

/** An acronym the curated vocabulary defines for a concept ("RLHF", "LLMs"). */
const isCuratedAcronym = (lookup: ConceptLookup): boolean =>
  isAcronym(lookup) && lookup.concept.source === 'curated';

// An acronym of a curated concept's label names whatever the label names: "NLP" is arXiv's
// Computation and Language (cs.CL) as much as "natural language processing" is.
for (const [key, lookups] of [...conceptsByKey]) {
  const labels = lookups
    .filter(isCuratedAcronym)
    .map((lookup) => toLookupKey(lookup.concept.label))
    .filter((label) => label !== key);
  for (const label of labels) for (const lookup of conceptsByKey.get(label) ?? []) addLookup(key, lookup);
}

/** Lookup key of a concept label → the curated concepts that list it as narrower. */
const broaderByKey = new Map<string, Concept[]>();
for (const concept of concepts) {
  if (concept.source !== 'curated') continue;
  for (const narrower of concept.entry.narrower ?? []) {
    const key = toLookupKey(narrower);
    const list = broaderByKey.get(key) ?? [];
    list.push(concept);
    broaderByKey.set(key, list);
  }
}

/** The curated concepts that name this one among their narrower concepts. */
export function findBroader(concept: Concept): Concept[] {
  return broaderByKey.get(toLookupKey(concept.label)) ?? [];
}

/** Concepts named by a label before those named by a synonym, then in vocabulary order. */
export function sortLookups(lookups: readonly ConceptLookup[]): ConceptLookup[] {
  const order = { label: 0, term: 1 } as const;
  return [...lookups].sort((a, b) => order[a.via] - order[b.via] || a.concept.id - b.concept.id);
}

/** Concepts named exactly by `text` (label or synonym), labels before synonyms. */
export function findConcepts(text: string): ConceptLookup[] {
  return sortLookups(conceptsByKey.get(toLookupKey(text)) ?? []);
}

/** Every lookup key of the vocabulary with the concepts it names. */
export function listLookups(): ReadonlyMap<string, readonly ConceptLookup[]> {
  return conceptsByKey;
}

/** The lookups a matcher may use: every source, or only the curated one (the ablation study). */
export function usableConcepts(lookups: ConceptLookup[], options: { taxonomies: boolean }): ConceptLookup[] {
  return options.taxonomies ? lookups : lookups.filter((lookup) => lookup.concept.source === 'curated');
}

/** An acronym stands for its concept, or for the term it spells, wherever the reader writes it. */
export const namesWholeTerm = (lookup: ConceptLookup): boolean =>
  lookup.acronym === true || lookup.expands !== undefined;

/** Concepts named by a lookup key that is already tokenized. */
export function findConceptsByKey(key: string): ConceptLookup[] {
  return conceptsByKey.get(key) ?? [];
}

/**
 * The canonical topic names of the thesaurus, sorted, for autocomplete and docs.
 *
 * @example
 * listCanonicalTopics().includes('conformal prediction'); // true
 */
export function listCanonicalTopics(): string[] {
  return concepts
    .filter((concept) => concept.source === 'curated')
    .map((concept) => concept.label)
    .sort((a, b) => a.localeCompare(b, 'en'));
}

interface Suggestion {
  text: string;
  rank: number;
}

/**
 * Topic suggestions for a typed prefix: canonical labels first, then well-known
 * synonyms and acronyms (never ambiguous words). Case-insensitive; a prefix may
 * also match the start of an inner word ("neural" finds "graph neural networks").
 *
 * @example
 * suggestTopics('conf'); // ['conformal prediction', ...]
 */
export function suggestTopics(prefix: string, limit = 10): string[] {
  const needle = prefix.trim().toLowerCase().replace(/\s+/g, ' ');
  if (needle === '' || limit <= 0) return [];
  const best = new Map<string, Suggestion>();
  const consider = (text: string, isLabel: boolean): void => {
    const lower = text.toLowerCase();
    let rank: number;
    if (lower.startsWith(needle)) rank = isLabel ? 0 : 1;
    else if (lower.split(/[\s-]+/).some((word) => word.startsWith(needle))) rank = isLabel ? 2 : 3;
    else return;
    const key = lower;
    const previous = best.get(key);
    if (!previous || rank < previous.rank) best.set(key, { text, rank });
  };
  // Suggestions come from the curated topics: the taxonomies' headings are not how people name interests.
  for (const concept of concepts) {
    if (concept.source !== 'curated') continue;
    consider(concept.label, true);
    for (const term of concept.entry.terms ?? []) consider(term, false);
  }
  return [...best.values()]
    .sort((a, b) => a.rank - b.rank || a.text.length - b.text.length || a.text.localeCompare(b.text, 'en'))
    .slice(0, limit)
    .map((suggestion) => suggestion.text);
}
