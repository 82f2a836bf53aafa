/** The paperboy matcher as an eval ranker, and its ablations. */
import type { Paper } from '../../src/digest/paper.ts';
import {
  buildPaperIndex,
  countTerms,
  defaultMatchOptions,
  type MatchOptions,
  matchPapers,
  Profile,
  parseTopics,
} from '../../src/match/index.ts';
import type { Ranker } from './metrics.ts';

export function createMatcherRanker(
  papers: Paper[],
  archive: Paper[],
  options: MatchOptions = defaultMatchOptions,
  stem = true,
): Ranker {
  const index = buildPaperIndex(papers, { stem, archive: countTerms(archive, { stem }) });
  return (topic) => {
    const ranked = matchPapers(index, Profile.parse({ topics: parseTopics(topic.profile) }), options);
    return {
      ranked: ranked.map((entry) => entry.paper.title),
      selected: new Set(ranked.filter((entry) => entry.selected).map((entry) => entry.paper.title)),
    };
  };
}

type MakeRanker = (papers: Paper[], archive: Paper[]) => Ranker;

export const ablations: [string, MakeRanker][] = [
  ['full matcher', (p, a) => createMatcherRanker(p, a)],
  [
    '− taxonomy vocabulary (ACM CCS, arXiv, JEL, PhySH, MeSH)',
    (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, taxonomies: false }),
  ],
  ['− arXiv categories', (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, categories: false })],
  [
    '− thesaurus expansion',
    (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, thesaurus: false }),
  ],
  [
    '− wider field as weak evidence',
    (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, broader: false }),
  ],
  ['− acronym handling', (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, acronyms: false })],
  [
    '+ phrase proximity (words nearby)',
    (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, proximity: true }),
  ],
  [
    '+ calibration against a reference paper',
    (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, calibrate: true }),
  ],
  ['− ambiguity rule', (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, contextGating: false })],
  ['− IDF weighting', (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, idf: false })],
  [
    '− every concept required',
    (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, allConcepts: false }),
  ],
  ['− archive (digest statistics only)', (p) => createMatcherRanker(p, [])],
  ['− title boost', (p, a) => createMatcherRanker(p, a, { ...defaultMatchOptions, titleBoost: 1 })],
  ['− stemming', (p, a) => createMatcherRanker(p, a, defaultMatchOptions, false)],
];
