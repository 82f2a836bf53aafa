import type { Generated, Kysely } from 'kysely';
import type { Database } from './database.ts';

export interface AdminAuditTable {
  id: Generated<number>;
  /** The admin token's label (ADMIN_LABEL), or `local` for the local operator without a token. */
  actor: string;
  /** What was done: `edition.retry_failed`, `subscriber.suppress`, … */
  action: string;
  /** What it was done to: `edition:2025-03-11`, `subscriber:ada@example.org`. */
  target: string;
  /** JSON with the outcome (how many rows changed). */
  detail: string | null;
  created_at: string;
}

export type AuditTables = { admin_audit: AdminAuditTable };

export interface AuditEntry {
  id: number;
  actor: string;
  action: string;
  target: string;
  detail: string | null;
  createdAt: string;
}

/** The audit trail of operator actions taken in /admin: appended to, never changed. */
export class AuditRepository {
  private readonly db: Kysely<Database & AuditTables>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<AuditTables>();
  }

  async record(entry: { actor: string; action: string; target: string; detail?: unknown; now: Date }) {
    await this.db
      .insertInto('admin_audit')
      .values({
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
        created_at: entry.now.toISOString(),
      })
      .execute();
  }

  /** Newest first, one page; `hasMore` says whether an older page exists. */
  async list(page: { offset: number; limit: number }): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
    const rows = await this.db
      .selectFrom('admin_audit')
      .selectAll()
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit + 1)
      .execute();
    return {
      hasMore: rows.length > page.limit,
      entries: rows.slice(0, page.limit).map((r) => ({
        id: r.id,
        actor: r.actor,
        action: r.action,
        target: r.target,
        detail: r.detail,
        createdAt: r.created_at,
      })),
    };
  }
}
