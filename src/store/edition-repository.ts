import type { Kysely, Selectable } from 'kysely';
import { chunk } from './chunk.ts';
import type { Database } from './database.ts';
import {
  type DeliveryCounts,
  type DeliveryTable,
  type DeliveryTables,
  deliveryStatuses,
  type FrozenPaper,
  type NewDelivery,
} from './delivery-tables.ts';
import { readJson } from './json-column.ts';
import { reservePapers } from './reserve-papers.ts';
import { yieldToEventLoop } from './yield-to-event-loop.ts';

/**
 * Deliveries written per transaction while freezing an edition: 10 values each, so one statement stays
 * far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters, and one transaction holds the
 * event loop (and SQLite's write lock) for a few tens of milliseconds at most.
 */
const deliveriesPerTransaction = 250;

/**
 * Freezing an edition and reading it back: editions, their delivery rows and the papers each row
 * promises (`sent_papers`). Sending them is DeliveryRepository's part.
 */
export class EditionRepository {
  private readonly db: Kysely<Database & DeliveryTables>;

  constructor(db: Kysely<Database>) {
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

  async findEdition(digestDate: string): Promise<{ id: number; digestDate: string } | undefined> {
    const row = await this.db
      .selectFrom('editions')
      .select(['id', 'digest_date'])
      .where('digest_date', '=', digestDate)
      .executeTakeFirst();
    return row && { id: row.id, digestDate: row.digest_date };
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
  /** Subscribers with a delivery in this edition; only among `ids` when given. */
  async listEnqueuedSubscriberIds(editionId: number, ids?: readonly number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (const part of ids ? chunk(ids) : [undefined]) {
      const rows = await this.db
        .selectFrom('deliveries')
        .select('subscriber_id')
        .where('edition_id', '=', editionId)
        .$if(part !== undefined, (q) => q.where('subscriber_id', 'in', part ?? []))
        .execute();
      for (const r of rows) out.add(r.subscriber_id);
    }
    return out;
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
        // The status is tested inside the aggregate: in the WHERE clause it made SQLite pick a status
        // index and read every pending delivery for each batch of subscribers.
        .select((eb) => [
          'd.subscriber_id',
          eb.fn
            .max(
              eb
                .case()
                .when('d.status', 'in', ['pending', 'sending', 'sent', 'deferred'])
                .then(eb.ref('e.digest_date'))
                .end(),
            )
            .as('last_date'),
        ])
        .where('d.subscriber_id', 'in', part)
        .groupBy('d.subscriber_id')
        .execute();
      for (const row of rows) if (row.last_date) out.set(row.subscriber_id, String(row.last_date));
    }
    return out;
  }

  /**
   * Papers already promised to each subscriber in editions dated `since` or later. A paper first seen
   * on or after `since` can only have been promised in such an edition, so this covers every paper a
   * window starting at `since` could offer again (and a few older ones, which no such window holds).
   */
  async listSentPaperIds(subscriberIds: number[], since: string): Promise<Map<number, Set<string>>> {
    const out = new Map<number, Set<string>>();
    for (const part of chunk(subscriberIds)) {
      const rows = await this.db
        .selectFrom('sent_papers as s')
        .innerJoin('deliveries as d', 'd.id', 's.delivery_id')
        .innerJoin('editions as e', 'e.id', 'd.edition_id')
        .select(['s.subscriber_id', 's.paper_id'])
        .where('s.subscriber_id', 'in', part)
        .where('e.digest_date', '>=', since)
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
    // Small transactions: each one holds the event loop (SQLite runs synchronously) and the write lock.
    for (const part of chunk(rows, deliveriesPerTransaction)) {
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
          .returning(['id', 'subscriber_id'])
          .execute();
        // The papers come from the rows in hand, not parsed back from the JSON just written.
        const bySubscriber = new Map(part.map((r) => [r.subscriberId, r.papers]));
        await reservePapers(
          trx,
          created.map((d) => ({
            id: d.id,
            subscriber_id: d.subscriber_id,
            papers: bySubscriber.get(d.subscriber_id) ?? [],
          })),
          stamp,
        );
        return created.length;
      });
      // Between transactions, so a large edition does not hold the event loop for its whole insert.
      await yieldToEventLoop();
    }
    return inserted;
  }

  /**
   * "Retry failed": the edition's failed deliveries become pending again, due now, on the same rows
   * (same issue, same Message-ID), so a sender sends each at most once more. Their papers are reserved
   * again; one that another delivery took meanwhile is dropped, as at enqueue time.
   */
  async requeueFailed(editionId: number, now: Date): Promise<number> {
    const stamp = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('deliveries')
        .set({
          status: 'pending',
          attempts: 0,
          next_attempt_at: stamp,
          updated_at: stamp,
          claimed_from: null,
        })
        .where('edition_id', '=', editionId)
        .where('status', '=', 'failed')
        .returning(['id', 'subscriber_id', 'papers'])
        .execute();
      await reservePapers(
        trx,
        rows.map((r) => ({ ...r, papers: readJson<FrozenPaper[]>(r.papers, []) })),
        stamp,
      );
      return rows.length;
    });
  }

  /**
   * "Cancel the rest": pending and deferred deliveries are skipped with `reason` and give their papers
   * back. Deliveries under a lease are being sent right now and are left to finish.
   */
  async cancelUnsent(editionId: number, reason: string, now: Date): Promise<number> {
    const stamp = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('deliveries')
        .set({ status: 'skipped', skip_reason: reason, updated_at: stamp })
        .where('edition_id', '=', editionId)
        .where('status', 'in', ['pending', 'deferred'])
        .returning('id')
        .execute();
      for (const part of chunk(rows.map((r) => r.id))) {
        await trx.deleteFrom('sent_papers').where('delivery_id', 'in', part).execute();
      }
      return rows.length;
    });
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
}
