import type { PaperIndex } from './build-paper-index.ts';
import type { Clause, CompiledTopic, MatchOptions } from './compiled-topic.ts';
import type { TopicScores } from './score-topic.ts';
import { inverseDocumentFrequency } from './term-stats.ts';

/** Papers at least this sure of the topic teach it new words. */
const feedbackScore = 0.5;
const maxFeedbackPapers = 8;
/** A word must occur in this many feedback papers: one paper's pet words are not the topic's. */
const minSupport = 2;
const maxNewWords = 8;
/** The strongest learned word is worth this much; less than a related concept of the thesaurus. */
const learnedWeight = 0.25;

/**
 * Pseudo-relevance feedback (RM3-style): the words that the papers most clearly about a topic share,
 * weighted by rarity, become weak extra evidence for the topic's first concept. "natural language
 * processing" learns "text", "corpus", "token" from the day's NLP papers. Deterministic: ties break
 * by word.
 */
export function expandByFeedback(
  index: PaperIndex,
  compiled: CompiledTopic,
  first: TopicScores,
  options: MatchOptions,
): CompiledTopic | undefined {
  if (!options.feedback || compiled.units.length !== 1) return undefined;
  const feedback = [...first.matched]
    .filter((p) => (first.scores[p] ?? 0) >= feedbackScore)
    .slice(0, maxFeedbackPapers);
  if (feedback.length < minSupport) return undefined;
  const keyOf = [...index.vocabulary.keys()];
  const known = new Set(compiled.clauses.flatMap((clause) => clause.tokens));
  const weight = new Map<number, number>();
  const support = new Map<number, number>();
  for (const paper of feedback) {
    const fields = index.fields[paper];
    if (!fields) continue;
    const seen = new Map<number, number>();
    for (const field of fields) for (const id of field.keys) seen.set(id, (seen.get(id) ?? 0) + 1);
    const length = fields[0].keys.length + fields[1].keys.length;
    for (const [id, count] of seen) {
      support.set(id, (support.get(id) ?? 0) + 1);
      weight.set(id, (weight.get(id) ?? 0) + (first.scores[paper] ?? 0) * (count / Math.max(1, length)));
    }
  }
  const candidates = [...weight]
    .filter(([id]) => (support.get(id) ?? 0) >= minSupport && !known.has(keyOf[id] ?? ''))
    .map(([id, w]) => {
      const key = keyOf[id] ?? '';
      return { key, score: w * inverseDocumentFrequency(index.termStats, key) };
    })
    .filter((c) => c.key.length > 2 && !/^\d+$/.test(c.key))
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
    .slice(0, maxNewWords);
  const top = candidates[0]?.score ?? 0;
  if (top <= 0) return undefined;
  const learned: Clause[] = candidates.map((c) => ({
    text: c.key,
    tokens: [c.key],
    weight: learnedWeight * (c.score / top),
    relation: 'learned',
    ambiguous: false,
    unit: 0,
  }));
  return { ...compiled, clauses: [...compiled.clauses, ...learned] };
}
