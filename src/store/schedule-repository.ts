import type { Kysely } from 'kysely';
import { chunk } from './chunk.ts';
import type { Database } from './database.ts';
import { type Subscriber, toSubscriber } from './subscriber-record.ts';

/** Where a page of due subscribers ended: the last one's slot and id. */
export interface DueCursor {
  nextDueAt: string;
  id: number;
}

/** One subscriber moving from the slot we read (`expected`) to `next`. */
export interface SlotMove {
  id: number;
  expected: string | null;
  next: Date;
  /** Set when an issue went out in the slot. */
  lastIssueAt?: Date;
}

/** Scheduling state: leases between processes and each subscriber's next delivery slot. */
export class ScheduleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Takes or renews a named lease until `expiresAt`. Succeeds when the lease is free, expired, or
   * already ours; a database row rather than a PID file, so it works across machines.
   */
  async acquireLock(name: string, owner: string, now: Date, expiresAt: Date): Promise<boolean> {
    await this.db
      .insertInto('locks')
      .values({ name, holder: owner, expires_at: expiresAt.toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const result = await this.db
      .updateTable('locks')
      .set({ holder: owner, expires_at: expiresAt.toISOString() })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('holder', '=', owner), eb('expires_at', '<', now.toISOString())]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    await this.db.deleteFrom('locks').where('name', '=', name).where('holder', '=', owner).execute();
  }

  /** Confirmed subscribers whose slot has come, or whose slot still has to be computed (NULL). */
  async listDueSubscribers(now: Date): Promise<Subscriber[]> {
    const rows = await this.db
      .selectFrom('subscribers')
      .selectAll()
      .where('status', '=', 'confirmed')
      .where((eb) => eb.or([eb('next_due_at', 'is', null), eb('next_due_at', '<=', now.toISOString())]))
      .orderBy('id')
      .execute();
    return rows.map(toSubscriber);
  }

  /**
   * One page of the confirmed subscribers whose slot has come, in (slot, id) order after `after`.
   * Keyset paging on the (status, next_due_at, id) index: the rest of the cursor's slot, then the
   * later slots, each a range read however many pages came before (an `id > ?` cursor over every
   * due row made the database sort all remaining due rows for each page).
   */
  async listDueSubscribersPage(now: Date, page: { after?: DueCursor; limit: number }): Promise<Subscriber[]> {
    const { after, limit } = page;
    const due = () => this.db.selectFrom('subscribers').selectAll().where('status', '=', 'confirmed');
    const rows = after
      ? await due()
          .where('next_due_at', '=', after.nextDueAt)
          .where('id', '>', after.id)
          .orderBy('id')
          .limit(limit)
          .execute()
      : [];
    if (rows.length < limit) {
      const later = await due()
        .where('next_due_at', '<=', now.toISOString())
        .$if(after !== undefined, (q) => q.where('next_due_at', '>', after?.nextDueAt ?? ''))
        .orderBy('next_due_at')
        .orderBy('id')
        .limit(limit - rows.length)
        .execute();
      rows.push(...later);
    }
    return rows.map(toSubscriber);
  }

  /** One page of the confirmed subscribers without a slot (new, or their schedule changed), by id. */
  async listUnscheduledSubscribersPage(page: { afterId: number; limit: number }): Promise<Subscriber[]> {
    const rows = await this.db
      .selectFrom('subscribers')
      .selectAll()
      .where('status', '=', 'confirmed')
      .where('next_due_at', 'is', null)
      .where('id', '>', page.afterId)
      .orderBy('id')
      .limit(page.limit)
      .execute();
    return rows.map(toSubscriber);
  }

  /**
   * Moves subscribers to their next slots in a few statements (subscribers of one hour and zone share
   * both slots), but only where the slot is still the one we read: a concurrent preference change
   * (which clears the slot) wins over a stale scheduler.
   */
  async setNextDue(moves: readonly SlotMove[]): Promise<void> {
    const groups = new Map<string, { move: SlotMove; ids: number[] }>();
    for (const move of moves) {
      const key = `${move.expected}|${move.next.toISOString()}|${move.lastIssueAt?.toISOString() ?? ''}`;
      const group = groups.get(key) ?? { move, ids: [] };
      group.ids.push(move.id);
      groups.set(key, group);
    }
    await this.db.transaction().execute(async (trx) => {
      for (const { move, ids } of groups.values()) {
        for (const part of chunk(ids)) {
          await trx
            .updateTable('subscribers')
            .set({
              next_due_at: move.next.toISOString(),
              ...(move.lastIssueAt ? { last_issue_at: move.lastIssueAt.toISOString() } : {}),
            })
            .where('id', 'in', part)
            .where((eb) =>
              move.expected === null ? eb('next_due_at', 'is', null) : eb('next_due_at', '=', move.expected),
            )
            .execute();
        }
      }
    });
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
