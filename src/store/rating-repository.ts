import type { Kysely } from 'kysely';
import { chunk } from './chunk.ts';
import type { Database } from './database.ts';

export type Vote = 'up' | 'down';
/** Where a rating came from: a vote link or the preferences page, an example paper, the CLI. */
export type RatingSource = 'web' | 'example' | 'cli' | 'admin';

export interface RatingTable {
  subscriber_id: number;
  paper_id: string;
  vote: Vote;
  source: RatingSource;
  created_at: string;
  updated_at: string;
}

export type RatingTables = { ratings: RatingTable };

export interface Rating {
  paperId: string;
  vote: Vote;
  source: RatingSource;
  updatedAt: string;
}

/** A reader's ratings as the matcher's profile carries them: paper ids liked and disliked. */
export interface RatedIds {
  likes: string[];
  dislikes: string[];
}

/** Readers' ratings of papers: one per reader and paper, the latest vote wins. */
export class RatingRepository {
  private readonly db: Kysely<Database & RatingTables>;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Kysely<Database & RatingTables>;
  }

  /** Records a vote; a second vote on the same paper replaces the first. */
  async rate(
    subscriberId: number,
    paperId: string,
    vote: Vote,
    source: RatingSource,
    now: Date,
  ): Promise<void> {
    const stamp = now.toISOString();
    await this.db
      .insertInto('ratings')
      .values({
        subscriber_id: subscriberId,
        paper_id: paperId,
        vote,
        source,
        created_at: stamp,
        updated_at: stamp,
      })
      .onConflict((oc) =>
        oc.columns(['subscriber_id', 'paper_id']).doUpdateSet({ vote, source, updated_at: stamp }),
      )
      .execute();
  }

  /** Undo: forgets the reader's vote on this paper. Returns whether there was one. */
  async clear(subscriberId: number, paperId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('ratings')
      .where('subscriber_id', '=', subscriberId)
      .where('paper_id', '=', paperId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** One reader's ratings, newest first. */
  async listForSubscriber(subscriberId: number): Promise<Rating[]> {
    const rows = await this.db
      .selectFrom('ratings')
      .select(['paper_id', 'vote', 'source', 'updated_at'])
      .where('subscriber_id', '=', subscriberId)
      .orderBy('updated_at', 'desc')
      .orderBy('paper_id')
      .execute();
    return rows.map((r) => ({
      paperId: r.paper_id,
      vote: r.vote,
      source: r.source,
      updatedAt: r.updated_at,
    }));
  }

  /** The liked and disliked paper ids of many readers at once (a page of an edition's subscribers). */
  async listIdsForSubscribers(subscriberIds: number[]): Promise<Map<number, RatedIds>> {
    const out = new Map<number, RatedIds>();
    for (const part of chunk(subscriberIds)) {
      const rows = await this.db
        .selectFrom('ratings')
        .select(['subscriber_id', 'paper_id', 'vote'])
        .where('subscriber_id', 'in', part)
        .orderBy('subscriber_id')
        .orderBy('paper_id')
        .execute();
      for (const row of rows) {
        const ids = out.get(row.subscriber_id) ?? { likes: [], dislikes: [] };
        (row.vote === 'up' ? ids.likes : ids.dislikes).push(row.paper_id);
        out.set(row.subscriber_id, ids);
      }
    }
    return out;
  }
}
