import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { normalizeEmail } from './subscriber-record.ts';

export interface Suppression {
  email: string;
  /** The SMTP response (bounces), `complaint`, or the operator's note (manual). */
  reason: string;
  source: string;
  createdAt: string;
}

/**
 * The suppression list as the operator sees it: listed a page at a time, and lifted one address at a
 * time. Adding to it stays with SubscriberRepository.suppress, which also marks the subscriber.
 */
export class SuppressionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Newest first, one page. */
  async list(page: {
    offset: number;
    limit: number;
  }): Promise<{ suppressions: Suppression[]; hasMore: boolean }> {
    const rows = await this.db
      .selectFrom('suppressions')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('email')
      .offset(page.offset)
      .limit(page.limit + 1)
      .execute();
    return {
      hasMore: rows.length > page.limit,
      suppressions: rows.slice(0, page.limit).map((r) => ({
        email: r.email,
        reason: r.reason,
        source: r.source,
        createdAt: r.created_at,
      })),
    };
  }

  async find(email: string): Promise<Suppression | undefined> {
    const row = await this.db
      .selectFrom('suppressions')
      .selectAll()
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
    return row && { email: row.email, reason: row.reason, source: row.source, createdAt: row.created_at };
  }

  /** Removes the address from the list; false when it was not on it. */
  async lift(email: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('suppressions')
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
