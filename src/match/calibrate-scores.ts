import { buildPaperIndex, type PaperIndex } from './build-paper-index.ts';
import type { CompiledTopic, MatchOptions } from './compiled-topic.ts';
import { scoreTopic, type TopicScores } from './score-topic.ts';

/**
 * What a paper squarely on the topic scores: one whose title is the topic and whose abstract names
 * it twice. Evidence is weighed by how rare the topic's words are, so a topic of everyday words
 * ("statistics", "agents") can never score like a rare one ("Mendelian randomization"); measured
 * against its own reference, every topic's scores mean the same thing, and one cut fits all.
 */
export function referenceScore(compiled: CompiledTopic, index: PaperIndex, options: MatchOptions): number {
  const ideal = buildPaperIndex(
    [
      {
        id: 'reference',
        title: compiled.topic,
        abstract: `${compiled.topic}. We study ${compiled.topic}.`,
        authors: [],
        categories: [],
      },
    ],
    index.tokenizeOptions,
  );
  return scoreTopic(ideal, compiled, options).scores[0] ?? 0;
}

/** Scores as a share of the reference, capped at 1; the order of papers within a topic is unchanged. */
export function calibrateScores(topicScores: TopicScores, reference: number): TopicScores {
  if (reference <= 0) return topicScores;
  const scores = topicScores.scores.map((score) => Math.min(1, score / reference));
  return { ...topicScores, scores, best: Math.min(1, topicScores.best / reference) };
}
