import type { PaperIndex } from './build-paper-index.ts';
import { calibrateScores, referenceScore } from './calibrate-scores.ts';
import { compileTopic } from './compile-topic.ts';
import { defaultMatchOptions, type MatchOptions } from './compiled-topic.ts';
import { scoreTopic, type TopicScores } from './score-topic.ts';

/** Scores per topic, computed once per (index, topic); `createMatcher` caches these. */
export type ScoreTopicFn = (topic: string) => TopicScores;

/** Compiles and scores one topic over the digest: what every profile that names it shares. */
export function createTopicScorer(
  index: PaperIndex,
  options: MatchOptions = defaultMatchOptions,
): ScoreTopicFn {
  return (topic) => {
    const compiled = compileTopic(topic, index, options);
    const scored = scoreTopic(index, compiled, options);
    return options.calibrate ? calibrateScores(scored, referenceScore(compiled, index, options)) : scored;
  };
}
