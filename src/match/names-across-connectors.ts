import type { MatchOptions } from './compiled-topic.ts';
import { isConnector } from './split-at-connectors.ts';
import { listConcepts, toLookupKey } from './thesaurus.ts';

/**
 * A phrase's key with its connector words kept: "Internet of Things" → "internet of thing", so
 * that "theory of mind" is not "theory in mind", as a lookup key without stop words would have it.
 */
function toConnectorKey(phrase: string): string {
  return phrase
    .split(/\s+/)
    .map((word) => (isConnector(word) ? word.toLowerCase() : toLookupKey(word)))
    .filter((key) => key !== '')
    .join(' ');
}

/** Per source, the keys of every vocabulary name with a connector inside it. */
let names: { curated: Set<string>; taxonomy: Set<string> } | undefined;

function buildNames(): { curated: Set<string>; taxonomy: Set<string> } {
  const built = { curated: new Set<string>(), taxonomy: new Set<string>() };
  for (const concept of listConcepts()) {
    const { entry } = concept;
    for (const name of [
      entry.label,
      ...(entry.terms ?? []),
      ...(entry.narrower ?? []),
      ...(entry.related ?? []),
    ]) {
      // "chain-of-thought" is what a reader types as "chain of thought".
      const words = name.split(/[\s-]+/);
      if (words.slice(1, -1).some(isConnector)) built[concept.source].add(toConnectorKey(words.join(' ')));
    }
  }
  return built;
}

/**
 * True when a vocabulary names the phrase as written, connector and all: a label, another name or
 * a narrower or related phrase of any concept ("mixture of experts", "theory of mind", "Internet of
 * Things", "learning to rank"). Such a phrase is one thing to the reader, not two joined by "of".
 */
export function isNameAcrossConnectors(
  phrase: string,
  options: Pick<MatchOptions, 'thesaurus' | 'taxonomies'>,
): boolean {
  if (!options.thesaurus) return false;
  names ??= buildNames();
  const key = toConnectorKey(phrase);
  return names.curated.has(key) || (options.taxonomies && names.taxonomy.has(key));
}
