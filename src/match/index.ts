export { buildPaperIndex, type PaperIndex, type PaperIndexOptions } from './build-paper-index.ts';
export {
  type Clause,
  type CompiledTopic,
  compileTopic,
  defaultMatchOptions,
  type MatchOptions,
} from './compile-topic.ts';
export { createMatcher, type Matcher, type MatcherOptions } from './create-matcher.ts';
export { breadthThresholds, likedTopicLabel, matchPapers, type RankedPaper } from './match-papers.ts';
export { type Breadth, Profile, parseTopics, toProfileKey } from './profile.ts';
export { noRatings, type RatedText, type Ratings } from './score-feedback.ts';
export { countTerms, emptyTermStats, mergeTermStats, type TermStats } from './term-stats.ts';
export { listCanonicalTopics, suggestTopics } from './thesaurus.ts';
export { ThesaurusConcept, ThesaurusFile } from './thesaurus-schema.ts';
export { stemWord, tokenizeText } from './tokenize-text.ts';
