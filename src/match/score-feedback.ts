import { fieldTitle, type PaperIndex } from './build-paper-index.ts';
import { type Clause, defaultMatchOptions, type MatchOptions } from './compiled-topic.ts';
import { scoreOccurrences } from './find-occurrences.ts';
import {
  cachePerIndex,
  centroidOf,
  cosinesWith,
  type RatedText,
  type Vector,
  vectorOf,
  vectorsOf,
} from './rating-vectors.ts';
import type { ClauseHit, TopicScores } from './score-topic.ts';

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

export interface FeedbackScores {
  /** The liked papers as one pseudo-topic ("papers you liked"), or undefined without likes. */
  liked?: TopicScores;
  /** In [0, 1]: how like its nearest liked paper a paper is, on the day's scale (absent: no likes). */
  closeToLiked?: (paper: number) => number;
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

/**
 * How one rated paper relates to the day's papers: its cosine with each, and the day's own scale
 * for it. Word overlap between any two papers of one field is never zero, and how large it runs
 * depends on the field's vocabulary, so a fixed cosine cut-off would mean different things for
 * different readers. Instead a paper counts as close to a rated one only when it is closer than
 * `closeFrom` of the day's papers are; the closest paper of the day sets the top of the scale.
 */
interface Closeness {
  similarities: Float64Array;
  from: number;
  full: number;
}

/** Share of the day's papers a paper must be closer than to count as like a rated paper at all. */
const closeFrom = 0.97;
/** Cosines from here on are the rated paper itself (or a version of it) in today's digest. */
const samePaper = 0.95;
/**
 * A paper is pushed down by a dislike only as far as it shares the disliked paper's words: below
 * this cosine, less. On a day with nothing like the disliked paper, its nearest paper would
 * otherwise count as fully like it and lose half its score for sharing almost nothing.
 */
const dislikedCosine = 0.3;

/** Per rated paper and digest: computed once, shared by every reader who rated it. */
const closenessOf = cachePerIndex((index: PaperIndex, rated: Vector): Closeness => {
  const papers = vectorsOf(index);
  const similarities = cosinesWith(rated, papers, index.vocabulary.size);
  const others = Float64Array.from(similarities.filter((s) => s < samePaper)).sort();
  const from = others[Math.floor(closeFrom * (others.length - 1))] ?? 1;
  const full = Math.max(others[others.length - 1] ?? 1, from + 1e-9);
  return { similarities, from, full };
});

/** In [0, 1]: how much closer than the day's usual papers a paper is to the nearest rated one, and which. */
function nearest(closenesses: readonly Closeness[], paper: number): { value: number; which: number } {
  let value = 0;
  let which = -1;
  closenesses.forEach((c, i) => {
    const s = c.similarities[paper] ?? 0;
    const v = s >= samePaper ? 1 : Math.max(0, Math.min(1, (s - c.from) / (c.full - c.from)));
    if (v > value) {
      value = v;
      which = i;
    }
  });
  return { value, which };
}

/**
 * Scores every paper of the digest against a reader's ratings, by its nearest rated papers.
 * - `liked` is the liked papers as a pseudo-topic: scored over the whole digest when it is the
 *   profile (`asTopic`: example papers and no topics), otherwise only their reasons.
 * - `closeToLiked` says how like a liked paper a paper is, on the day's own scale (see
 *   `Closeness`): next to typed topics it raises what the topics found, and its reason names the
 *   liked paper.
 * - `keep` lowers a paper that is closer to a disliked paper than to any liked one, by at most
 *   half, so one dislike never silences a topic.
 * Deterministic, and without ratings it changes nothing.
 */
export function scoreFeedback(
  index: PaperIndex,
  ratings: Ratings,
  label: string,
  { asTopic, options = defaultMatchOptions }: { asTopic: boolean; options?: MatchOptions },
): FeedbackScores {
  const result: FeedbackScores = {};
  const likedClose = ratings.liked.map((text) => closenessOf(index, vectorOf(index, text)));
  const dislikedClose = ratings.disliked.map((text) => closenessOf(index, vectorOf(index, text)));
  if (ratings.liked.length > 0) {
    // Reasons are built only for the papers that are shown.
    const explain = (paper: number): ClauseHit[] => {
      const closest = nearest(likedClose, paper);
      const clause: Clause = {
        text: ratings.liked[Math.max(0, closest.which)]?.title ?? '',
        tokens: [],
        weight: ratedWordWeight,
        relation: 'liked',
        ambiguous: false,
        unit: 0,
      };
      return [{ clause, title: 0, abstract: 0, nearby: false, evidence: closest.value }];
    };
    // Scoring the whole digest against the liked papers' words is needed only when they are the profile.
    const scored: TopicScores = asTopic
      ? scoreRated(index, ratings.liked, ratings.disliked, label, options)
      : {
          topic: label,
          scores: new Float64Array(0),
          hits: new Map(),
          matched: new Int32Array(0),
          best: 0,
          vague: true,
        };
    result.liked = { ...scored, explain };
    result.closeToLiked = (paper) => nearest(likedClose, paper).value;
  }
  if (ratings.disliked.length > 0) {
    result.keep = (paper) => {
      const nearestDisliked = nearest(dislikedClose, paper);
      const cosine = dislikedClose[nearestDisliked.which]?.similarities[paper] ?? 0;
      const disliked = nearestDisliked.value * Math.min(1, cosine / dislikedCosine);
      const liked = likedClose.length > 0 ? nearest(likedClose, paper).value : 0;
      return 1 - dislikePenalty * Math.max(0, disliked - liked);
    };
  }
  return result;
}
