import type { ClauseRelation } from './compiled-topic.ts';

/**
 * Evidence weights by relation. A synonym is nearly as good as the topic itself, a narrower
 * concept is good evidence, and a related one is a hint that must not select a paper alone.
 */
export const relationWeight = {
  topic: 1,
  synonym: 0.95,
  narrower: 0.8,
  narrowerTerm: 0.7,
  related: 0.3,
  digestAcronym: 0.9,
  /** A category is the authors' own label of the field, but a field is wide: alone it stays below the cut. */
  category: 0.6,
};

/**
 * One rule for every expansion, instead of marks on chosen entries: a thesaurus form that is a
 * single word, or an acronym of two letters, is too often something else ("vision", "agents",
 * "MT", "RL") to count on its own; the reader's own words always count. Longer acronyms count:
 * a paper that spells one out as something else is caught by `acronymMeansSomethingElse`. A
 * hyphenated word is one word too: it mostly says what kind of thing ("privacy-preserving",
 * "vision-language", "multi-agent"), and the thing may be another.
 */
export function isAmbiguousForm(text: string, tokens: string[], relation: ClauseRelation): boolean {
  if (relation === 'topic' || tokens.length === 0) return false;
  if (tokens.length > 1) return !/\s/.test(text.trim());
  const token = tokens[0] ?? '';
  return !token.startsWith('^') || token.length <= 3;
}
