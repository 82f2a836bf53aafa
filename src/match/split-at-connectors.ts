/**
 * Words that join two concepts in a typed topic: "sparse attention for long documents",
 * "fairness in ranking". English grammar, not topic vocabulary.
 */
const connectors = new Set(
  'for in of with on via using under from to toward towards across between through by at into within against versus vs among beyond without over about'.split(
    ' ',
  ),
);

/** The runs of words between the words of `at` (any case), empty runs left out. */
function splitAtWords(text: string, at: ReadonlySet<string>): string[] {
  const parts: string[][] = [[]];
  for (const word of text.split(/\s+/)) {
    if (at.has(word.toLowerCase())) parts.push([]);
    else parts[parts.length - 1]?.push(word);
  }
  return parts.map((words) => words.join(' ')).filter((part) => part !== '');
}

/** A typed topic split at connector words: "diffusion models for video generation" → two parts. */
export function splitAtConnectors(topic: string): string[] {
  return splitAtWords(topic, connectors);
}

/** Words that coordinate alternatives inside one part of a topic: "benchmarks and evaluation". */
const alternativeWords = new Set(['and', 'or', '&', '/']);

/**
 * The alternatives of one part of a topic: "benchmarks and evaluation" → two; a part without a
 * coordinating word → itself. A coordinating word at either end coordinates nothing.
 */
export function splitAlternatives(part: string): string[] {
  const named = splitAtWords(part.replace(/\s*\/\s*/g, ' / '), alternativeWords);
  // "I/O" is one thing, not two letters.
  return named.length > 1 && named.every((alternative) => alternative.length > 1) ? named : [part];
}
