import { type Kysely, sql } from 'kysely';
import { chunk } from './chunk.ts';
import type { Database } from './database.ts';
import type {
  ClaimedDelivery,
  DeliveryStatus,
  DeliveryTable,
  DeliveryTables,
  FrozenPaper,
} from './delivery-tables.ts';
import { readJson } from './json-column.ts';

/**
 * Sending from the ledger: claims under a lease, outcomes, hand-backs, and the shared SEND_RATE
 * schedule. Timestamps are ISO-8601 UTC strings, compared as text.
 */
export class DeliveryRepository {
  private readonly db: Kysely<Database & DeliveryTables>;

  constructor(
    db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {
    this.db = db.withTables<DeliveryTables>();
  }

  /**
   * Leases up to `limit` deliveries that are due: pending, deferred past their retry time, or held
   * by a lease that expired. PostgreSQL skips rows other workers hold (`FOR UPDATE SKIP LOCKED`);
   * SQLite has a single writer, so the one UPDATE statement is already exclusive.
   */
  async claimDeliveries(options: {
    owner: string;
    limit: number;
    now: Date;
    leaseSeconds: number;
    subscriberId?: number;
  }): Promise<ClaimedDelivery[]> {
    const stamp = options.now.toISOString();
    const leaseUntil = new Date(options.now.getTime() + options.leaseSeconds * 1000).toISOString();
    const due = this.db
      .selectFrom('deliveries')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', 'in', ['pending', 'deferred']), eb('next_attempt_at', '<=', stamp)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_expires_at', '<=', stamp)]),
        ]),
      )
      .$if(options.subscriberId !== undefined, (q) =>
        q.where('subscriber_id', '=', options.subscriberId as number),
      )
      .orderBy('id')
      .limit(options.limit)
      .$if(this.dialect === 'postgres', (q) => q.forUpdate().skipLocked());
    const rows = await this.db
      .updateTable('deliveries')
      .set((eb) => ({
        // Right-hand sides read the row as it was, so `claimed_from` keeps the previous status.
        claimed_from: eb.ref('status'),
        expired_leases: sql<number>`expired_leases + (case when status = 'sending' then 1 else 0 end)`,
        status: 'sending',
        attempts: eb('attempts', '+', 1),
        lease_owner: options.owner,
        lease_expires_at: leaseUntil,
        updated_at: stamp,
      }))
      .where('id', 'in', due)
      .returning([
        'id',
        'edition_id',
        'subscriber_id',
        'email',
        'papers',
        'message_id',
        'attempts',
        'claimed_from',
      ])
      .execute();
    return rows
      .sort((a, b) => a.id - b.id)
      .map((r) => ({
        id: r.id,
        editionId: r.edition_id,
        subscriberId: r.subscriber_id,
        email: r.email,
        papers: readJson<FrozenPaper[]>(r.papers, []),
        messageId: r.message_id,
        attempts: r.attempts,
        expiredLease: r.claimed_from === 'sending',
      }));
  }

  /** Recorded even if the lease was lost meanwhile: the server accepted the message, which is what counts. */
  async markSent(id: number, response: string, now: Date): Promise<void> {
    const stamp = now.toISOString();
    await this.db
      .updateTable('deliveries')
      .set({
        status: 'sent',
        last_response: response,
        sent_at: stamp,
        updated_at: stamp,
        lease_owner: null,
        lease_expires_at: null,
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * `markSent` for several deliveries in one statement (one transaction): a send run records the
   * messages that finished together in one write instead of one write each.
   */
  async markSentMany(entries: readonly { id: number; response: string }[], now: Date): Promise<void> {
    const stamp = now.toISOString();
    for (const part of chunk(entries)) {
      const responses = sql.join(
        part.map((e) => sql`when ${e.id} then ${e.response}`),
        sql` `,
      );
      await this.db
        .updateTable('deliveries')
        .set({
          status: 'sent',
          last_response: sql<string>`case id ${responses} end`,
          sent_at: stamp,
          updated_at: stamp,
          lease_owner: null,
          lease_expires_at: null,
        })
        .where(
          'id',
          'in',
          part.map((e) => e.id),
        )
        .execute();
    }
  }

  async markDeferred(id: number, owner: string, response: string, retryAt: Date, now: Date): Promise<void> {
    await this.finishClaim(id, owner, now, {
      status: 'deferred',
      last_response: response,
      next_attempt_at: retryAt.toISOString(),
    });
  }

  /** Permanent failure: the papers go back to the pool, so a later edition may still carry them. */
  async markFailed(id: number, owner: string, response: string, now: Date): Promise<void> {
    await this.finishClaim(id, owner, now, { status: 'failed', last_response: response }, true);
  }

  async markSkipped(id: number, owner: string, reason: string, now: Date): Promise<void> {
    await this.finishClaim(id, owner, now, { status: 'skipped', skip_reason: reason }, true);
  }

  /** Hands unsent claims back (SIGTERM, pause), so the next run takes them at once instead of after the lease. */
  async releaseClaims(ids: number[], owner: string, now: Date): Promise<void> {
    for (const part of chunk(ids)) {
      await this.db
        .updateTable('deliveries')
        .set((eb) => ({
          status: sql<DeliveryStatus>`case when claimed_from = 'deferred' then 'deferred' else 'pending' end`,
          attempts: eb('attempts', '-', 1),
          lease_owner: null,
          lease_expires_at: null,
          updated_at: now.toISOString(),
        }))
        .where('id', 'in', part)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'sending')
        .execute();
    }
  }

  /** Owners currently holding leases, so the caller can expire those of processes it knows are gone. */
  async listLeaseOwners(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select('lease_owner')
      .distinct()
      .where('status', '=', 'sending')
      .where('lease_owner', 'is not', null)
      .execute();
    return rows.flatMap((r) => (r.lease_owner ? [r.lease_owner] : []));
  }

  /** Ends the leases of a dead owner now; the next claim takes them over and counts them as expired. */
  async expireLeases(owner: string, now: Date): Promise<number> {
    const result = await this.db
      .updateTable('deliveries')
      .set({ lease_expires_at: now.toISOString() })
      .where('lease_owner', '=', owner)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Deliveries a run could claim right now: its progress bar's total. */
  async countDue(now: Date, subscriberId?: number): Promise<number> {
    const stamp = now.toISOString();
    const row = await this.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) =>
        eb.or([
          eb.and([eb('status', 'in', ['pending', 'deferred']), eb('next_attempt_at', '<=', stamp)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_expires_at', '<=', stamp)]),
        ]),
      )
      .$if(subscriberId !== undefined, (q) => q.where('subscriber_id', '=', subscriberId as number))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Takes `count` consecutive slots, `intervalMs` apart, from a schedule shared by every process
   * (GCRA: the schedule never lags behind `nowMs`, so idle time does not bank a burst). Returns the
   * first slot's time; the caller sends message i at `first + i * intervalMs`.
   */
  async reserveSendSlots(name: string, count: number, intervalMs: number, nowMs: number): Promise<number> {
    const span = Math.ceil(count * intervalMs);
    const now = Math.floor(nowMs);
    const latest = this.dialect === 'postgres' ? sql`greatest` : sql`max`;
    const row = await this.db
      .insertInto('rate_limits')
      .values({ name, next_slot_ms: now + span })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          next_slot_ms: sql<number>`${latest}(rate_limits.next_slot_ms, ${now}) + ${span}`,
        }),
      )
      .returning('next_slot_ms')
      .executeTakeFirstOrThrow();
    return Number(row.next_slot_ms) - span;
  }

  private async finishClaim(
    id: number,
    owner: string,
    now: Date,
    set: Partial<Pick<DeliveryTable, 'status' | 'last_response' | 'next_attempt_at' | 'skip_reason'>>,
    releasePapers = false,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Guarded by the lease: a process that lost its lease must not overwrite the new owner's outcome.
      const result = await trx
        .updateTable('deliveries')
        .set({ ...set, lease_owner: null, lease_expires_at: null, updated_at: now.toISOString() })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      if (releasePapers && Number(result.numUpdatedRows) > 0) {
        await trx.deleteFrom('sent_papers').where('delivery_id', '=', id).execute();
      }
    });
  }
}
