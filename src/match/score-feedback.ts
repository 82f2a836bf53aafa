import { fieldTitle, type PaperIndex } from './build-paper-index.ts';
import { type Clause, defaultMatchOptions, type MatchOptions } from './compiled-topic.ts';
import { centroidOf, cosine, type RatedText, type Vector, vectorOf, vectorsOf } from './rating-vectors.ts';
import { type ClauseHit, scoreOccurrences, type TopicScores } from './score-topic.ts';

export type { RatedText } from './rating-vectors.ts';

/** The papers one reader liked ("more like this", example papers) and disliked ("less like this"). */
export interface Ratings {
  liked: readonly RatedText[];
  disliked: readonly RatedText[];
}

export const noRatings: Ratings = { liked: [], disliked: [] };

/** The strongest word of the liked papers is worth this much, like a synonym of a typed topic. */
const ratedWordWeight = 0.45;
/** At most this share of a paper's score goes when it is like a disliked one: one dislike never silences a topic. */
const dislikePenalty = 0.5;
/** Cosine similarity to the disliked papers' words below which a paper keeps its whole score… */
const dislikeFrom = 0.2;
/** …and from which it loses the whole penalty. */
const dislikeFull = 0.5;

export interface FeedbackScores {
  /** The liked papers as one pseudo-topic ("papers you liked"), or undefined without likes. */
  liked?: TopicScores;
  /** The share of a paper's score to keep (1 = unlike any disliked paper). */
  keep?: (paper: number) => number;
}

interface Scratch {
  miss: Float64Array;
  title: Float64Array;
  abstract: Float64Array;
  seen: Uint8Array;
  /** Abstract-length normalization of each paper, as `scoreOccurrences` computes it. */
  norm: Float64Array;
}

/** Work arrays per index, reused by every rated reader of a send run (reset where touched). */
const scratches = new WeakMap<PaperIndex, Scratch>();

function scratchOf(index: PaperIndex): Scratch {
  let scratch = scratches.get(index);
  if (!scratch) {
    const count = index.papers.length;
    const one = { title: 0, abstract: 1, nearby: false };
    scratch = {
      miss: new Float64Array(count).fill(1),
      title: new Float64Array(count),
      abstract: new Float64Array(count),
      seen: new Uint8Array(count),
      // scoreOccurrences(1 abstract mention) = 1 / (1 + saturation × norm): solve it once for norm.
      norm: Float64Array.from({ length: count }, (_, paper) => {
        const single = scoreOccurrences(index, paper, one, defaultMatchOptions);
        return (1 / single - 1) / saturationOf(index, paper);
      }),
    };
    scratches.set(index, scratch);
  }
  return scratch;
}

/** The saturation constant behind `scoreOccurrences`, recovered from two of its values. */
function saturationOf(index: PaperIndex, paper: number): number {
  const title = scoreOccurrences(
    index,
    paper,
    { title: 1, abstract: 0, nearby: false },
    { ...defaultMatchOptions, titleBoost: 1 },
  );
  return 1 / title - 1;
}

/**
 * Rocchio in the matcher's own term space: the words that best tell the rated papers apart from
 * the archive (their TF-IDF centroid) become a pseudo-topic, each word weighted by its share of
 * the centroid. A paper's evidence combines like a typed topic's (noisy-OR of saturated mentions),
 * so it needs several of those words, in its title or more than once, to come close to a strong
 * match. Scored straight from the postings into reused arrays: a send run does this once per rated
 * reader, so it must cost well under a millisecond.
 */
function scoreRated(
  index: PaperIndex,
  texts: readonly RatedText[],
  opposite: readonly RatedText[],
  label: string,
  options: MatchOptions,
): TopicScores {
  const centroid = centroidOf(
    index.vocabulary.size,
    texts.map((text) => vectorOf(index, text)),
    opposite.map((text) => vectorOf(index, text)),
  );
  const top = centroid[0]?.[1] ?? 1;
  const { miss, title, abstract, seen, norm } = scratchOf(index);
  const saturation = saturationOf(index, 0);
  const touched: number[] = [];
  const here: number[] = [];
  for (const [id, weight] of centroid) {
    const postings = index.postings.get(id);
    if (!postings) continue;
    here.length = 0;
    for (let p = 0; p < postings.length; p += 3) {
      const paper = postings[p] as number;
      if (title[paper] === 0 && abstract[paper] === 0) here.push(paper);
      if (postings[p + 1] === fieldTitle) title[paper] = (title[paper] as number) + 1;
      else abstract[paper] = (abstract[paper] as number) + 1;
    }
    const w = ratedWordWeight * (weight / top);
    for (const paper of here) {
      const weighted =
        options.titleBoost * (title[paper] as number) + (abstract[paper] as number) / (norm[paper] as number);
      miss[paper] = (miss[paper] as number) * (1 - (w * weighted) / (weighted + saturation));
      title[paper] = 0;
      abstract[paper] = 0;
      if (seen[paper] === 0) {
        seen[paper] = 1;
        touched.push(paper);
      }
    }
  }
  const scores = new Float64Array(index.papers.length);
  for (const paper of touched) {
    scores[paper] = 1 - (miss[paper] as number);
    miss[paper] = 1;
    seen[paper] = 0;
  }
  const matched = Int32Array.from(touched.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b));
  const best = scores[matched[0] ?? 0] ?? 0;
  // Vague: in a profile with typed topics, a paper that only shares the liked papers' words and
  // none of the topics counts for less (see rankPapers); with examples alone it counts fully.
  return { topic: label, scores, hits: new Map(), matched, best, vague: true };
}

/** Which liked paper a paper is closest to, for its reason. */
function closestTitle(
  index: PaperIndex,
  liked: readonly RatedText[],
  likedVectors: Vector[],
  paper: number,
): string {
  const vector = vectorsOf(index)[paper] ?? { ids: new Int32Array(), weights: new Float64Array() };
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
    const scored = scoreRated(index, ratings.liked, ratings.disliked, label, options);
    const likedVectors = ratings.liked.map((text) => vectorOf(index, text));
    // Reasons are built only for the papers that are shown: naming the closest liked paper costs a
    // comparison with each of them.
    const explain = (paper: number): ClauseHit[] => {
      const clause: Clause = {
        text: closestTitle(index, ratings.liked, likedVectors, paper),
        tokens: [],
        weight: ratedWordWeight,
        relation: 'liked',
        ambiguous: false,
        unit: 0,
      };
      return [{ clause, title: 0, abstract: 0, nearby: false, evidence: scored.scores[paper] ?? 0 }];
    };
    result.liked = { ...scored, explain };
  }
  if (ratings.disliked.length > 0) {
    // Only the papers that come up as candidates are compared with the disliked papers' words.
    const centroid = centroidOf(
      index.vocabulary.size,
      ratings.disliked.map((text) => vectorOf(index, text)),
      ratings.liked.map((text) => vectorOf(index, text)),
    ).sort((x, y) => x[0] - y[0]);
    const norm = Math.sqrt(centroid.reduce((sum, [, weight]) => sum + weight * weight, 0)) || 1;
    const disliked: Vector = {
      ids: Int32Array.from(centroid, ([id]) => id),
      weights: Float64Array.from(centroid, ([, weight]) => weight / norm),
    };
    const papers = vectorsOf(index);
    result.keep = (paper) => {
      const similarity = cosine(disliked, papers[paper] ?? disliked);
      return (
        1 -
        dislikePenalty * Math.max(0, Math.min(1, (similarity - dislikeFrom) / (dislikeFull - dislikeFrom)))
      );
    };
  }
  return result;
}
