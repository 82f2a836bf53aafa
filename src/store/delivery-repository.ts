import { type Generated, type Kysely, type Selectable, sql } from 'kysely';
import type { Paper } from '../digest/index.ts';
import { chunk } from './chunk.ts';
import type { Database } from './database.ts';
import { readJson } from './json-column.ts';

export interface EditionTable {
  id: Generated<number>;
  digest_date: string;
  created_at: string;
}

export interface DeliveryTable {
  id: Generated<number>;
  edition_id: number;
  subscriber_id: number;
  /** The address at enqueue time, for reports; the send uses the subscriber's current address. */
  email: string;
  status: DeliveryStatus;
  skip_reason: string | null;
  /** The frozen selection: `FrozenPaper[]` as JSON, so a retry or a restart sends the same issue. */
  papers: string;
  message_id: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  /** The status the row had when it was last claimed; `sending` means an expired lease was taken over. */
  claimed_from: string | null;
  expired_leases: Generated<number>;
  last_response: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

/** A paper promised to a subscriber by one delivery; the primary key makes "never twice" a constraint. */
export interface SentPaperTable {
  subscriber_id: number;
  paper_id: string;
  delivery_id: number;
}

/** The next free send slot (epoch ms) of a rate limit that every process shares. */
export interface RateLimitTable {
  name: string;
  next_slot_ms: number;
}

export type DeliveryTables = {
  editions: EditionTable;
  deliveries: DeliveryTable;
  sent_papers: SentPaperTable;
  rate_limits: RateLimitTable;
};

/** pending → sending (leased) → sent | deferred (retry at next_attempt_at) | failed; or skipped. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'deferred' | 'failed' | 'skipped';
export const deliveryStatuses: readonly DeliveryStatus[] = [
  'pending',
  'sending',
  'sent',
  'deferred',
  'failed',
  'skipped',
];

/** One selected paper as frozen in a delivery, with the matcher's explanation. */
export interface FrozenPaper {
  id: string;
  reasons: string[];
  matchedTopics: string[];
}

export interface NewDelivery {
  subscriberId: number;
  email: string;
  status: 'pending' | 'skipped';
  skipReason?: string;
  papers: FrozenPaper[];
  messageId: string;
}

export interface ClaimedDelivery {
  id: number;
  editionId: number;
  subscriberId: number;
  email: string;
  papers: FrozenPaper[];
  messageId: string;
  /** Including the attempt this claim starts. */
  attempts: number;
  /** True when this claim took over an expired lease: the previous attempt's outcome is unknown. */
  expiredLease: boolean;
}

export interface Recipient {
  id: number;
  publicId: string;
  email: string;
  status: string;
  topics: string[];
  /** For the date in the issue's header. */
  timezone: string;
  suppressed: boolean;
}

export type DeliveryCounts = Record<DeliveryStatus, number>;

type DeliveryDb = Kysely<Database & DeliveryTables>;

/** Every query of the delivery ledger. Timestamps are ISO-8601 UTC strings, compared as text. */
export class DeliveryRepository {
  private readonly db: DeliveryDb;

  constructor(
    db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {
    this.db = db.withTables<DeliveryTables>();
  }

  /** The edition of a digest date, created on first use; concurrent callers get the same row. */
  async ensureEdition(digestDate: string, now: Date): Promise<{ id: number; digestDate: string }> {
    await this.db
      .insertInto('editions')
      .values({ digest_date: digestDate, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('digest_date').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('editions')
      .select(['id', 'digest_date'])
      .where('digest_date', '=', digestDate)
      .executeTakeFirstOrThrow();
    return { id: row.id, digestDate: row.digest_date };
  }

  async findEditionDate(editionId: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('editions')
      .select('digest_date')
      .where('id', '=', editionId)
      .executeTakeFirst();
    return row?.digest_date;
  }

  /** Subscribers that already have a delivery in the edition (enqueueing is idempotent). */
  async listEnqueuedSubscriberIds(editionId: number): Promise<Set<number>> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select('subscriber_id')
      .where('edition_id', '=', editionId)
      .execute();
    return new Set(rows.map((r) => r.subscriber_id));
  }

  /**
   * The date of each subscriber's latest edition that carried papers to them (sent or still on its way),
   * which is where the next issue's paper window starts.
   */
  async findLastIssueDates(subscriberIds: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const part of chunk(subscriberIds)) {
      const rows = await this.db
        .selectFrom('deliveries as d')
        .innerJoin('editions as e', 'e.id', 'd.edition_id')
        .select(['d.subscriber_id', (eb) => eb.fn.max('e.digest_date').as('last_date')])
        .where('d.subscriber_id', 'in', part)
        .where('d.status', 'in', ['pending', 'sending', 'sent', 'deferred'])
        .groupBy('d.subscriber_id')
        .execute();
      for (const row of rows) if (row.last_date) out.set(row.subscriber_id, String(row.last_date));
    }
    return out;
  }

  /** Papers first seen on or after `since` that are already promised to each subscriber. */
  async listSentPaperIds(subscriberIds: number[], since: string): Promise<Map<number, Set<string>>> {
    const out = new Map<number, Set<string>>();
    for (const part of chunk(subscriberIds)) {
      const rows = await this.db
        .selectFrom('sent_papers as s')
        .innerJoin('papers as p', 'p.id', 's.paper_id')
        .select(['s.subscriber_id', 's.paper_id'])
        .where('s.subscriber_id', 'in', part)
        .where('p.first_digest_date', '>=', since)
        .execute();
      for (const row of rows) {
        const set = out.get(row.subscriber_id) ?? new Set<string>();
        set.add(row.paper_id);
        out.set(row.subscriber_id, set);
      }
    }
    return out;
  }

  /**
   * Inserts delivery rows and reserves their papers in the same transaction. Rows that already exist
   * (another process enqueued the same subscriber and edition) are left alone. Returns how many were new.
   */
  async insertDeliveries(editionId: number, rows: NewDelivery[], now: Date): Promise<number> {
    const stamp = now.toISOString();
    let inserted = 0;
    for (const part of chunk(rows)) {
      inserted += await this.db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto('deliveries')
          .values(
            part.map((r) => ({
              edition_id: editionId,
              subscriber_id: r.subscriberId,
              email: r.email,
              status: r.status,
              skip_reason: r.skipReason ?? null,
              papers: JSON.stringify(r.papers),
              message_id: r.messageId,
              next_attempt_at: stamp,
              created_at: stamp,
              updated_at: stamp,
            })),
          )
          .onConflict((oc) => oc.columns(['subscriber_id', 'edition_id']).doNothing())
          .returning(['id', 'subscriber_id', 'papers'])
          .execute();
        const reservations = created.flatMap((d) =>
          readJson<FrozenPaper[]>(d.papers, []).map((p) => ({
            subscriber_id: d.subscriber_id,
            paper_id: p.id,
            delivery_id: d.id,
          })),
        );
        for (const slice of chunk(reservations, 300)) {
          await trx
            .insertInto('sent_papers')
            .values(slice)
            .onConflict((oc) => oc.columns(['subscriber_id', 'paper_id']).doNothing())
            .execute();
        }
        await this.dropPapersReservedElsewhere(trx, created, stamp);
        return created.length;
      });
    }
    return inserted;
  }

  /**
   * A paper another delivery reserved first (a concurrent enqueue of another edition planned with
   * the same papers) is taken out of this delivery, so the primary key on sent_papers really means
   * "never the same paper twice"; a delivery left with no paper is skipped.
   */
  private async dropPapersReservedElsewhere(
    trx: Kysely<Database & DeliveryTables>,
    created: { id: number; subscriber_id: number; papers: string }[],
    stamp: string,
  ): Promise<void> {
    const ids = created.map((d) => d.id);
    const reserved = new Set<string>();
    for (const part of chunk(ids)) {
      const rows = await trx
        .selectFrom('sent_papers')
        .select(['delivery_id', 'paper_id'])
        .where('delivery_id', 'in', part)
        .execute();
      for (const row of rows) reserved.add(`${row.delivery_id}/${row.paper_id}`);
    }
    for (const delivery of created) {
      const papers = readJson<FrozenPaper[]>(delivery.papers, []);
      const kept = papers.filter((p) => reserved.has(`${delivery.id}/${p.id}`));
      if (kept.length === papers.length) continue;
      await trx
        .updateTable('deliveries')
        .set({
          papers: JSON.stringify(kept),
          updated_at: stamp,
          ...(kept.length === 0 ? { status: 'skipped' as const, skip_reason: 'no new papers' } : {}),
        })
        .where('id', '=', delivery.id)
        .execute();
    }
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

  /** Status counts of one edition (or all); they always add up to the number of deliveries. */
  async countByStatus(editionId?: number): Promise<DeliveryCounts> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .$if(editionId !== undefined, (q) => q.where('edition_id', '=', editionId as number))
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(deliveryStatuses.map((s) => [s, 0])) as DeliveryCounts;
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /** One subscriber's delivery in an edition, if it was enqueued. */
  async findDelivery(
    editionId: number,
    subscriberId: number,
  ): Promise<Selectable<DeliveryTable> | undefined> {
    return this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('edition_id', '=', editionId)
      .where('subscriber_id', '=', subscriberId)
      .executeTakeFirst();
  }

  async listDeliveries(editionId?: number): Promise<Selectable<DeliveryTable>[]> {
    return this.db
      .selectFrom('deliveries')
      .selectAll()
      .$if(editionId !== undefined, (q) => q.where('edition_id', '=', editionId as number))
      .orderBy('id')
      .execute();
  }

  async findEdition(digestDate: string): Promise<{ id: number; digestDate: string } | undefined> {
    const row = await this.db
      .selectFrom('editions')
      .select(['id', 'digest_date'])
      .where('digest_date', '=', digestDate)
      .executeTakeFirst();
    return row && { id: row.id, digestDate: row.digest_date };
  }

  /** What sending needs to know about each subscriber, read fresh at send time. */
  async listRecipients(subscriberIds: number[]): Promise<Map<number, Recipient>> {
    const out = new Map<number, Recipient>();
    for (const part of chunk(subscriberIds)) {
      const rows = await this.db
        .selectFrom('subscribers as s')
        .leftJoin('suppressions as x', 'x.email', 's.email')
        .select([
          's.id',
          's.public_id',
          's.email',
          's.status',
          's.topics',
          's.timezone',
          'x.email as suppressed_email',
        ])
        .where('s.id', 'in', part)
        .execute();
      for (const row of rows) {
        out.set(row.id, {
          id: row.id,
          publicId: row.public_id,
          email: row.email,
          status: row.status,
          topics: readJson<string[]>(row.topics, []),
          timezone: row.timezone,
          suppressed: row.suppressed_email !== null,
        });
      }
    }
    return out;
  }

  /** The addresses among `emails` on the suppression list. */
  async listSuppressedEmails(emails: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunk(emails)) {
      const rows = await this.db
        .selectFrom('suppressions')
        .select('email')
        .where('email', 'in', part)
        .execute();
      for (const row of rows) out.add(row.email);
    }
    return out;
  }

  async listPapersByIds(ids: string[]): Promise<Paper[]> {
    const out: Paper[] = [];
    for (const part of chunk(ids)) {
      const rows = await this.db.selectFrom('papers').selectAll().where('id', 'in', part).execute();
      for (const row of rows) {
        out.push({
          id: row.id,
          title: row.title,
          abstract: row.abstract,
          authors: readJson<string[]>(row.authors, []),
          categories: readJson<string[]>(row.categories, []),
          ...(row.url ? { url: row.url } : {}),
          ...(row.arxiv_id ? { arxivId: row.arxiv_id } : {}),
          ...(row.published_at ? { publishedAt: row.published_at } : {}),
          ...(row.upvotes !== null ? { upvotes: Number(row.upvotes) } : {}),
        });
      }
    }
    return out;
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
