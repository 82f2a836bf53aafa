import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { type Subscriber, SubscriberRepository } from './subscriber-repository.ts';

/** Scheduling state: leases between processes and each subscriber's next delivery slot. */
export class ScheduleRepository {
  private readonly subscribers: SubscriberRepository;

  constructor(private readonly db: Kysely<Database>) {
    this.subscribers = new SubscriberRepository(db);
  }

  /**
   * Takes or renews a named lease until `expiresAt`. Succeeds when the lease is free, expired, or
   * already ours; a database row rather than a PID file, so it works across machines.
   */
  async acquireLock(name: string, holder: string, now: Date, expiresAt: Date): Promise<boolean> {
    await this.db
      .insertInto('locks')
      .values({ name, holder, expires_at: expiresAt.toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const result = await this.db
      .updateTable('locks')
      .set({ holder, expires_at: expiresAt.toISOString() })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', now.toISOString())]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async releaseLock(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('locks').where('name', '=', name).where('holder', '=', holder).execute();
  }

  /** Confirmed subscribers whose slot has come, or whose slot still has to be computed (NULL). */
  async listDueSubscribers(now: Date): Promise<Subscriber[]> {
    const rows = await this.db
      .selectFrom('subscribers')
      .select('id')
      .where('status', '=', 'confirmed')
      .where((eb) => eb.or([eb('next_due_at', 'is', null), eb('next_due_at', '<=', now.toISOString())]))
      .orderBy('id')
      .execute();
    const out: Subscriber[] = [];
    for (const row of rows) {
      const subscriber = await this.subscribers.findById(row.id);
      if (subscriber) out.push(subscriber);
    }
    return out;
  }

  /**
   * Moves a subscriber to their next slot, but only if the slot is still the one we read: a
   * concurrent preference change (which clears the slot) wins over a stale scheduler.
   */
  async setNextDue(id: number, expected: string | null, next: Date, lastIssueAt?: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('subscribers')
      .set({
        next_due_at: next.toISOString(),
        ...(lastIssueAt ? { last_issue_at: lastIssueAt.toISOString() } : {}),
      })
      .where('id', '=', id)
      .where((eb) => (expected === null ? eb('next_due_at', 'is', null) : eb('next_due_at', '=', expected)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The next scheduled sends, soonest first, for `paperboy status`. */
  async listUpcoming(
    limit: number,
  ): Promise<{ email: string; nextDueAt: string | null; timezone: string; hour: number }[]> {
    const rows = await this.db
      .selectFrom('subscribers')
      .select(['email', 'next_due_at', 'timezone', 'hour'])
      .where('status', '=', 'confirmed')
      .orderBy('next_due_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      email: r.email,
      nextDueAt: r.next_due_at,
      timezone: r.timezone,
      hour: r.hour,
    }));
  }
}
