import type { Ratings } from '../match/index.ts';
import type { PaperRepository } from './paper-repository.ts';
import type { RatedIds, RatingRepository } from './rating-repository.ts';

/** A reader's ratings both ways: ids for the profile, texts for the matcher. */
export interface ReaderRatings {
  ids: RatedIds;
  ratings: Ratings;
}

const noIds: RatedIds = { likes: [], dislikes: [] };
export const noReaderRatings: ReaderRatings = { ids: noIds, ratings: { liked: [], disliked: [] } };

/**
 * The ratings of many readers, with the rated papers' text read once: a paper several readers
 * liked is one object, so the matcher builds its word vector once for all of them. A rated paper
 * that is no longer stored is left out.
 *
 * @example
 * const rated = await loadRatings(store.ratings, store.papers, subscriberIds);
 * matcher.selectPapers({ ...profile, ...rated.get(id)?.ids }, rated.get(id)?.ratings);
 */
export async function loadRatings(
  ratings: RatingRepository,
  papers: PaperRepository,
  subscriberIds: number[],
): Promise<Map<number, ReaderRatings>> {
  const ids = await ratings.listIdsForSubscribers(subscriberIds);
  const wanted = [...new Set([...ids.values()].flatMap((r) => [...r.likes, ...r.dislikes]))];
  const texts = new Map(
    (await papers.listPapersByIds(wanted)).map(
      (p) => [p.id, { title: p.title, abstract: p.abstract }] as const,
    ),
  );
  const out = new Map<number, ReaderRatings>();
  for (const [subscriberId, rated] of ids) {
    const likes = rated.likes.filter((id) => texts.has(id));
    const dislikes = rated.dislikes.filter((id) => texts.has(id));
    out.set(subscriberId, {
      ids: { likes, dislikes },
      ratings: {
        liked: likes.map((id) => texts.get(id) as Ratings['liked'][number]),
        disliked: dislikes.map((id) => texts.get(id) as Ratings['disliked'][number]),
      },
    });
  }
  return out;
}
