import type { Generated, Kysely } from 'kysely';
import type { Database } from './database.ts';
import { readJson } from './json-column.ts';

/** queued → sending (leased) → done | failed; a failed attempt goes back to queued with a later time. */
export type SignupStatus = 'queued' | 'sending' | 'done' | 'failed';

export interface SignupRequestTable {
  id: Generated<number>;
  email: string;
  /** The validated sign-up form as JSON (topics and schedule). */
  profile: string;
  source: string;
  requested_at: string;
  status: SignupStatus;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_until: string | null;
  /** What processing decided (`confirmation_sent`, `address_limited`, `suppressed`). */
  outcome: string | null;
  error: string | null;
  finished_at: string | null;
}

export type SignupTables = { signup_requests: SignupRequestTable };

export interface SignupRequest<Profile = unknown> {
  id: number;
  email: string;
  profile: Profile;
  source: string;
  requestedAt: string;
  /** Attempts so far, this one included. */
  attempts: number;
}

/** The durable queue between POST /subscribe and the process that mails confirmations. */
export class SignupRepository {
  private readonly db: Kysely<Database & SignupTables>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<SignupTables>();
  }

  /** One insert, the only database work of a sign-up request. */
  async enqueue(request: { email: string; profile: unknown; source: string; now: Date }): Promise<number> {
    const at = request.now.toISOString();
    const row = await this.db
      .insertInto('signup_requests')
      .values({
        email: request.email,
        profile: JSON.stringify(request.profile),
        source: request.source,
        requested_at: at,
        status: 'queued',
        next_attempt_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * Claims up to `limit` due requests, oldest first: queued ones whose time has come, and ones whose
   * claimer died (lease over). Each claim is a conditional update, so two processes never hold one row.
   */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<SignupRequest[]> {
    const at = now.toISOString();
    const candidates = await this.db
      .selectFrom('signup_requests')
      .select(['id', 'status'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', at)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', at)]),
        ]),
      )
      .orderBy('id')
      .limit(limit)
      .execute();
    const claimed: SignupRequest[] = [];
    for (const candidate of candidates) {
      const row = await this.db
        .updateTable('signup_requests')
        .set((eb) => ({
          status: 'sending',
          lease_until: new Date(now.getTime() + leaseMs).toISOString(),
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', candidate.id)
        .where('status', '=', candidate.status)
        .where((eb) =>
          candidate.status === 'queued' ? eb('next_attempt_at', '<=', at) : eb('lease_until', '<', at),
        )
        .returning(['id', 'email', 'profile', 'source', 'requested_at', 'attempts'])
        .executeTakeFirst();
      if (!row) continue;
      claimed.push({
        id: row.id,
        email: row.email,
        profile: readJson<unknown>(row.profile, null),
        source: row.source,
        requestedAt: row.requested_at,
        attempts: row.attempts,
      });
    }
    return claimed;
  }

  async finish(id: number, outcome: string, now: Date): Promise<void> {
    await this.db
      .updateTable('signup_requests')
      .set({ status: 'done', outcome, error: null, lease_until: null, finished_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /** Back in the queue until `nextAttemptAt`, with what went wrong. */
  async retry(id: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db
      .updateTable('signup_requests')
      .set({ status: 'queued', error, lease_until: null, next_attempt_at: nextAttemptAt.toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async fail(id: number, error: string, now: Date): Promise<void> {
    await this.db
      .updateTable('signup_requests')
      .set({ status: 'failed', error, lease_until: null, finished_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /** Forgets finished requests (they hold addresses that never confirmed); returns how many. */
  async purgeFinished(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('signup_requests')
      .where('status', 'in', ['done', 'failed'])
      .where('finished_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Requests by status, for `status` and tests. */
  async countByStatus(): Promise<Record<SignupStatus, number>> {
    const rows = await this.db
      .selectFrom('signup_requests')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const counts: Record<SignupStatus, number> = { queued: 0, sending: 0, done: 0, failed: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }
}
