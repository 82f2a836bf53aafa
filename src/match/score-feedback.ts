import { fieldTitle, type PaperIndex } from './build-paper-index.ts';
import { type Clause, type CompiledTopic, defaultMatchOptions, type MatchOptions } from './compile-topic.ts';
import { type ClauseHit, scoreTopic, type TopicScores } from './score-topic.ts';
import { inverseDocumentFrequency } from './term-stats.ts';
import { tokenizeText } from './tokenize-text.ts';

/** A paper a reader rated: only its words reach the matcher, never an id or a store. */
export interface RatedText {
  title: string;
  abstract: string;
}

/** The papers one reader liked ("more like this", example papers) and disliked ("less like this"). */
export interface Ratings {
  liked: readonly RatedText[];
  disliked: readonly RatedText[];
}

export const noRatings: Ratings = { liked: [], disliked: [] };

/** A title word says more about a paper than an abstract word. */
const titleWeight = 2;
/** The words that best describe the rated papers together (Rocchio centroid), at most this many. */
const centroidSize = 20;
/** The strongest word of the liked papers is worth this much, like a synonym of a typed topic. */
const ratedWordWeight = 0.45;
/** At most this share of a paper's score goes when it is like a disliked one: one dislike never silences a topic. */
const dislikePenalty = 0.5;
/** Below this match to the disliked papers' words, a paper keeps its whole score. */
const dislikeFrom = 0.3;

type Vector = Map<string, number>;

function idf(index: PaperIndex, key: string): number {
  return Math.max(0, inverseDocumentFrequency(index.termStats, key));
}

/** TF-IDF vector of a text, unit length; words in every paper weigh nothing. */
function vectorOf(index: PaperIndex, text: RatedText): Vector {
  const vector: Vector = new Map();
  const add = (words: string, weight: number) => {
    for (const token of tokenizeText(words, index.tokenizeOptions)) {
      vector.set(token.key, (vector.get(token.key) ?? 0) + weight);
    }
  };
  add(text.title, titleWeight);
  add(text.abstract, 1);
  let norm = 0;
  for (const [key, tf] of vector) {
    const weight = (1 + Math.log(tf)) * idf(index, key);
    vector.set(key, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [key, weight] of vector) vector.set(key, weight / norm);
  return vector;
}

/** The same vector for an indexed paper, built once per index. */
const paperVectors = new WeakMap<PaperIndex, Vector[]>();

function vectorsOf(index: PaperIndex): Vector[] {
  let vectors = paperVectors.get(index);
  if (!vectors) {
    const keyOf = [...index.vocabulary.keys()];
    vectors = index.fields.map((fields) => {
      const counts = new Map<string, number>();
      fields.forEach((field, f) => {
        for (const id of field.keys) {
          const key = keyOf[id] as string;
          counts.set(key, (counts.get(key) ?? 0) + (f === fieldTitle ? titleWeight : 1));
        }
      });
      const vector: Vector = new Map();
      let norm = 0;
      for (const [key, tf] of counts) {
        const weight = (1 + Math.log(tf)) * idf(index, key);
        if (weight <= 0) continue;
        vector.set(key, weight);
        norm += weight * weight;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [key, weight] of vector) vector.set(key, weight / norm);
      return vector;
    });
    paperVectors.set(index, vectors);
  }
  return vectors;
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [key, weight] of small) dot += weight * (large.get(key) ?? 0);
  return dot;
}

/**
 * Rocchio: the mean of the rated papers' vectors, minus the mean of the papers rated the other way
 * (so the words liked and disliked papers share, usually the topic's own, cancel out), cut to its
 * strongest words.
 */
function centroidOf(vectors: Vector[], opposite: Vector[] = []): Vector {
  const sum: Vector = new Map();
  for (const vector of vectors)
    for (const [key, weight] of vector) sum.set(key, (sum.get(key) ?? 0) + weight / vectors.length);
  for (const vector of opposite)
    for (const [key, weight] of vector) {
      if (sum.has(key)) sum.set(key, (sum.get(key) ?? 0) - weight / opposite.length);
    }
  const top = [...sum].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, centroidSize);
  const norm = Math.sqrt(top.reduce((total, [, weight]) => total + weight * weight, 0)) || 1;
  return new Map(top.map(([key, weight]) => [key, weight / norm]));
}

export interface FeedbackScores {
  /** The liked papers as one pseudo-topic ("papers you liked"), or undefined without likes. */
  liked?: TopicScores;
  /** Per paper, the share of its score to keep (1 = unlike any disliked paper). */
  keep?: Float64Array;
}

/**
 * Rocchio in the matcher's own term space: the words that best tell the rated papers apart from
 * the archive (their TF-IDF centroid) become a pseudo-topic, each word weighted by its share of
 * the centroid. It is scored like any typed topic, so a paper needs several of those words, in its
 * title or more than once, to come close to a strong match.
 */
function compileRated(
  index: PaperIndex,
  texts: readonly RatedText[],
  opposite: readonly RatedText[],
  label: string,
): CompiledTopic {
  const centroid = centroidOf(
    texts.map((text) => vectorOf(index, text)),
    opposite.map((text) => vectorOf(index, text)),
  );
  const top = Math.max(...centroid.values(), Number.MIN_VALUE);
  const clauses: Clause[] = [...centroid].map(([key, weight]) => ({
    text: key,
    tokens: [key],
    weight: ratedWordWeight * (weight / top),
    relation: 'liked',
    ambiguous: false,
    unit: 0,
  }));
  // Vague: in a profile with typed topics, a paper that only shares the liked papers' words and
  // none of the topics counts for less (see rankPapers); with examples alone it counts fully.
  return { topic: label, units: [{ text: label, words: [], wordWeights: [] }], clauses, vague: true };
}

/** Which liked paper a paper is closest to, for its reason. */
function closestTitle(
  index: PaperIndex,
  liked: readonly RatedText[],
  likedVectors: Vector[],
  paper: number,
): string {
  const vector = vectorsOf(index)[paper] ?? new Map();
  let best = -1;
  let closest = 0;
  likedVectors.forEach((likedVector, i) => {
    const similarity = cosine(likedVector, vector);
    if (similarity > best) {
      best = similarity;
      closest = i;
    }
  });
  return liked[closest]?.title ?? '';
}

/**
 * Scores every paper of the digest against a reader's ratings. Likes become one more topic of the
 * profile (see `compileRated`), whose reason names the closest liked paper. Dislikes lower the
 * score of papers that match the disliked papers' words strongly, by at most half, so one dislike
 * never silences a topic. Deterministic, and without ratings it changes nothing.
 */
export function scoreFeedback(
  index: PaperIndex,
  ratings: Ratings,
  label: string,
  options: MatchOptions = defaultMatchOptions,
): FeedbackScores {
  const result: FeedbackScores = {};
  if (ratings.liked.length > 0) {
    const scored = scoreTopic(index, compileRated(index, ratings.liked, ratings.disliked, label), options);
    const likedVectors = ratings.liked.map((text) => vectorOf(index, text));
    const hits = new Map<number, ClauseHit[]>();
    for (const paper of scored.matched) {
      const evidence = scored.scores[paper] ?? 0;
      const clause: Clause = {
        text: closestTitle(index, ratings.liked, likedVectors, paper),
        tokens: [],
        weight: ratedWordWeight,
        relation: 'liked',
        ambiguous: false,
        unit: 0,
      };
      hits.set(paper, [{ clause, title: 0, abstract: 0, nearby: false, evidence }]);
    }
    result.liked = { ...scored, hits };
  }
  if (ratings.disliked.length > 0) {
    const scored = scoreTopic(index, compileRated(index, ratings.disliked, ratings.liked, label), options);
    result.keep = Float64Array.from(
      scored.scores,
      (score) => 1 - dislikePenalty * Math.max(0, (score - dislikeFrom) / (1 - dislikeFrom)),
    );
  }
  return result;
}
