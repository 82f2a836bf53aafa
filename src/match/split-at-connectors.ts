/**
 * Words that join two concepts in a typed topic: "sparse attention for long documents",
 * "fairness in ranking". English grammar, not topic vocabulary.
 */
const connectors = new Set(
  'for in of with on via using under from to toward towards across between through by at into within against versus vs among beyond without over about'.split(
    ' ',
  ),
);

/** Words that coordinate alternatives inside one part of a topic: "benchmarks and evaluation". */
const alternativeWords = new Set(['and', 'or', '&', '/']);

export const isConnector = (word: string): boolean => connectors.has(word.toLowerCase());

/** The longest name worth keeping whole, in words, that crosses a connector ("mixture of experts"). */
const longestName = 6;

/**
 * A typed topic split at connector words: "diffusion models for video generation" → two parts. A
 * run of words across a connector that `isName` knows as one name ("mixture of experts", "theory of
 * mind", "learning to rank") is one part of its own: "mixture of experts for vision" is a mixture of
 * experts and vision, not "mixture", "experts" and "vision"; "internet of things security" is the
 * Internet of Things and security. The leftmost, then longest, name wins.
 */
export function splitAtConnectors(
  topic: string,
  {
    isName = () => false,
    isTerm = () => false,
  }: {
    /** A name across a connector, kept whole. */
    isName?: (phrase: string) => boolean;
    /** A name without connectors: one that shares a word with a name's first or last word claims it. */
    isTerm?: (phrase: string) => boolean;
  } = {},
): string[] {
  const words = topic.split(/\s+/).filter((word) => word !== '');
  const parts: string[][] = [[]];
  for (let i = 0; i < words.length; ) {
    const end = findNameEnd(words, i, isName, isTerm);
    if (end > i) {
      // The name is a concept of its own: "internet of things security" is IoT and security.
      parts.push(words.slice(i, end), []);
      i = end;
      continue;
    }
    const word = words[i] as string;
    if (isConnector(word)) parts.push([]);
    else parts[parts.length - 1]?.push(word);
    i++;
  }
  return parts.map((part) => part.join(' ')).filter((part) => part !== '');
}

/** Where a name that starts at `start` and crosses a connector ends (exclusive), or -1. */
function findNameEnd(
  words: readonly string[],
  start: number,
  isName: (phrase: string) => boolean,
  isTerm: (phrase: string) => boolean,
): number {
  if (isConnector(words[start] ?? '')) return -1;
  const before = words[start - 1];
  // "benchmarks and evaluation of language models": the coordination shares "of language models".
  if (before !== undefined && alternativeWords.has(before.toLowerCase())) return -1;
  // The cheap name lookup first: the concept lookups below are only for a name that is there.
  for (let end = Math.min(words.length, start + longestName); end >= start + 3; end--) {
    const inner = words.slice(start + 1, end - 1);
    if (isConnector(words[end - 1] ?? '') || !inner.some(isConnector)) continue;
    if (!isName(words.slice(start, end).join(' '))) continue;
    // Not where its last word begins another name: "text to image synthesis" has "image synthesis".
    const after = words[end];
    if (after !== undefined && !isConnector(after) && isTerm(`${words[end - 1]} ${after}`)) continue;
    // Nor where its first word ends one: in "reinforcement learning to rank" the reader's "learning"
    // belongs to "reinforcement learning" as much as to "learning to rank", and the grammar is the
    // reader's, so no name that starts here is kept whole.
    if (before !== undefined && !isConnector(before) && isTerm(`${before} ${words[start]}`)) return -1;
    return end;
  }
  return -1;
}

/** The runs of words between the words of `at` (any case), empty runs left out. */
function splitAtWords(text: string, at: ReadonlySet<string>): string[] {
  const parts: string[][] = [[]];
  for (const word of text.split(/\s+/)) {
    if (at.has(word.toLowerCase())) parts.push([]);
    else parts[parts.length - 1]?.push(word);
  }
  return parts.map((words) => words.join(' ')).filter((part) => part !== '');
}

/**
 * The alternatives of one part of a topic: "benchmarks and evaluation" → two; a part without a
 * coordinating word → itself. A coordinating word at either end coordinates nothing.
 */
export function splitAlternatives(part: string): string[] {
  const named = splitAtWords(part.replace(/\s*\/\s*/g, ' / '), alternativeWords);
  // "I/O" is one thing, not two letters.
  return named.length > 1 && named.every((alternative) => alternative.length > 1) ? named : [part];
}
