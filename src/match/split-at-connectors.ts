/**
 * Words that join two concepts in a typed topic: "sparse attention for long documents",
 * "fairness in ranking". English grammar, not topic vocabulary.
 */
const connectors = new Set(
  'for in of with on via using under from to toward towards across between through by at into within against versus vs among beyond without over about'.split(
    ' ',
  ),
);

/** A typed topic split at connector words: "diffusion models for video generation" → two parts. */
export function splitAtConnectors(topic: string): string[] {
  const parts: string[][] = [[]];
  for (const word of topic.split(/\s+/)) {
    if (connectors.has(word.toLowerCase())) parts.push([]);
    else parts[parts.length - 1]?.push(word);
  }
  return parts.map((words) => words.join(' ')).filter((part) => part !== '');
}
