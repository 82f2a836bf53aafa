export { buildPaperIndex, type PaperIndex, type PaperIndexOptions } from './build-paper-index.ts';
export { compileTopic } from './compile-topic.ts';
export { type Clause, type CompiledTopic, defaultMatchOptions, type MatchOptions } from './compiled-topic.ts';
export { createMatcher, type Matcher, type MatcherOptions } from './create-matcher.ts';
export { breadthThresholds, likedTopicLabel, matchPapers, type RankedPaper } from './match-papers.ts';
export {
  type Breadth,
  defaultMaxPapers,
  findWordlessTopics,
  Profile,
  parseTopics,
  toProfileKey,
} from './profile.ts';
export { noRatings, type RatedText, type Ratings } from './score-feedback.ts';
export { type SpellingSuggestion, suggestSpellings } from './suggest-spellings.ts';
export { countTerms, emptyTermStats, mergeTermStats, type TermStats } from './term-stats.ts';
export { listCanonicalTopics, suggestTopics } from './thesaurus.ts';
export { ThesaurusConcept, ThesaurusFile } from './thesaurus-schema.ts';
export { stemWord, tokenizeText } from './tokenize-text.ts';
