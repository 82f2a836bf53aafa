/** What `compileTopic` produces, and the switches the ablation study turns. */

/** Which parts of the matcher are switched on; the ablation study turns them off one by one. */
export interface MatchOptions {
  /** Expand topics with the thesaurus (synonyms, acronyms, narrower and related concepts). */
  thesaurus: boolean;
  /** Include the concepts built from public taxonomies (ACM CCS, arXiv, JEL), not only curated ones. */
  taxonomies: boolean;
  /** Count a paper's arXiv categories as evidence for the concepts of the same scope. */
  categories: boolean;
  /** Case-sensitive acronym keys and acronyms the digest defines itself. */
  acronyms: boolean;
  /** Count the wider field a curated concept belongs to as weak (related) evidence. */
  broader: boolean;
  /** Count words of a phrase that appear close together, not only adjacent. */
  proximity: boolean;
  /** Single-word and short-acronym expansions count fully only when another form confirms them. */
  contextGating: boolean;
  /** Weigh words by how rare they are in the digest and the archive (IDF). */
  idf: boolean;
  /** A topic of several concepts ("fairness in ranking") needs evidence for each of them. */
  allConcepts: boolean;
  /** Measure each topic's scores against what a paper squarely on the topic would score. */
  calibrate: boolean;
  /** How much a title occurrence outweighs one in the abstract. */
  titleBoost: number;
}

export const defaultMatchOptions: MatchOptions = {
  thesaurus: true,
  taxonomies: true,
  categories: true,
  acronyms: true,
  broader: true,
  proximity: false,
  contextGating: true,
  idf: true,
  allConcepts: true,
  calibrate: false,
  titleBoost: 3,
};

export type ClauseRelation = 'topic' | 'synonym' | 'narrower' | 'related' | 'word' | 'category' | 'liked';

/** One phrase to look for on behalf of one concept of a topic, and how much finding it is worth. */
export interface Clause {
  /** The phrase as written in the topic or thesaurus, for reasons. */
  text: string;
  tokens: string[];
  /** Relation weight × specificity (how rare the phrase's words are), in [0, 1]. */
  weight: number;
  relation: ClauseRelation;
  /**
   * Counts fully only when an unambiguous clause of the same concept also matched the paper, or
   * (unless it is a `neighbour`) when it is in the title.
   */
  ambiguous: boolean;
  /**
   * A neighbour of the reader's corner of a field ("galaxy" for "gravitational waves"): a title
   * that names it settles nothing about the reader's topic, so only the concept's own evidence does.
   */
  neighbour?: boolean;
  /** The concept of the topic this clause is evidence for (index into `units`). */
  unit: number;
}

/** One concept a paper must show for a topic: "video generation" in "diffusion models for video generation". */
export interface TopicUnit {
  text: string;
  /** The reader's own words for this concept, for partial (word-by-word) evidence. */
  words: string[];
  /** How the reader wrote each of `words` ("supervised" for the stem "superviz"), for reasons. */
  surface: string[];
  /** IDF weight of each of `words`. */
  wordWeights: number[];
  /** Other spellings the digest uses for each of `words` ("matrices" for "matrix"), as tokens. */
  alternatives: string[][];
  /** One hyphenated word of the reader's ("model-based"): its words apart are not evidence. */
  compound?: boolean;
}

export interface CompiledTopic {
  topic: string;
  units: TopicUnit[];
  clauses: Clause[];
  /** A single everyday word, whose sense the rest of the profile must settle (see `rankPapers`). */
  vague: boolean;
}
