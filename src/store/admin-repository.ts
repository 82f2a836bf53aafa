import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import { type DeliveryStatus, type DeliveryTables, deliveryStatuses } from './delivery-tables.ts';
import { addCount, type EditionSummary, emptySummary } from './edition-summary.ts';
import type { RatingTables } from './rating-repository.ts';
import type { SubscriberStatus } from './subscriber-record.ts';

/** One page of a list: `offset` rows skipped, at most `limit` shown. */
export interface PageRequest {
  offset: number;
  limit: number;
}

export interface DayOutcomes {
  day: string;
  sent: number;
  failed: number;
}

export interface LeaseInFlight {
  owner: string;
  deliveries: number;
  expiresAt: string;
}

export interface PaperVotes {
  paperId: string;
  title: string;
  digestDate: string;
  up: number;
  down: number;
}

/**
 * The operator dashboard's read model: only queries, each bounded by a page or an index range, so
 * the overview stays fast with 100k subscribers and a million deliveries. Writes belong to the
 * repositories that own the tables.
 */
export class AdminRepository {
  private readonly db: Kysely<Database & DeliveryTables & RatingTables>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<DeliveryTables & RatingTables>();
  }

  /** Editions newest first, one page, each with its delivery counts (counted for this page only). */
  async listEditions(page: PageRequest): Promise<{ editions: EditionSummary[]; total: number }> {
    const rows = await this.db
      .selectFrom('editions')
      .select(['id', 'digest_date', 'created_at'])
      .orderBy('digest_date', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    const total = await this.db
      .selectFrom('editions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const summaries = new Map<number, EditionSummary>(
      rows.map((r) => [r.id, emptySummary(r.id, r.digest_date, r.created_at)]),
    );
    for (const c of await this.countDeliveries(rows.map((r) => r.id))) {
      const summary = summaries.get(c.edition_id);
      if (summary) addCount(summary, c.status, c.skip_reason, c.n);
    }
    return { editions: [...summaries.values()], total: Number(total.n) };
  }

  async findEdition(date: string): Promise<EditionSummary | undefined> {
    const row = await this.db
      .selectFrom('editions')
      .select(['id', 'digest_date', 'created_at'])
      .where('digest_date', '=', date)
      .executeTakeFirst();
    if (!row) return undefined;
    const summary = emptySummary(row.id, row.digest_date, row.created_at);
    for (const c of await this.countDeliveries([row.id])) addCount(summary, c.status, c.skip_reason, c.n);
    return summary;
  }

  /**
   * Deliveries of these editions by status, skipped ones by reason too. One range count per edition
   * and status on the (edition, status) index, which costs a third of grouping the same million index
   * entries; then the few skipped ones grouped by reason.
   */
  private async countDeliveries(editionIds: number[]) {
    if (editionIds.length === 0) return [];
    const counted = deliveryStatuses.filter((status) => status !== 'skipped');
    const byStatus = await Promise.all(
      editionIds.flatMap((editionId) =>
        counted.map(async (status) => {
          const row = await this.db
            .selectFrom('deliveries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('edition_id', '=', editionId)
            .where('status', '=', status)
            .executeTakeFirstOrThrow();
          return { edition_id: editionId, status, n: row.n };
        }),
      ),
    );
    const skipped = await this.db
      .selectFrom('deliveries')
      .select(['edition_id', 'skip_reason', (eb) => eb.fn.countAll<number>().as('n')])
      .where('edition_id', 'in', editionIds)
      .where('status', '=', 'skipped')
      .groupBy(['edition_id', 'skip_reason'])
      .execute();
    return [
      ...byStatus.map((r) => ({
        edition_id: r.edition_id,
        status: r.status as DeliveryStatus,
        skip_reason: null,
        n: Number(r.n),
      })),
      ...skipped.map((r) => ({
        edition_id: r.edition_id,
        status: 'skipped' as const,
        skip_reason: r.skip_reason,
        n: Number(r.n),
      })),
    ];
  }

  /**
   * Sent and failed deliveries on each of these UTC days (YYYY-MM-DD), by when the outcome was
   * written. One range count per day and status on the (status, updated_at) index: grouping a month
   * of a million rows by an expression costs a sort, and counting ranges does not.
   */
  async countOutcomesByDay(days: readonly string[]): Promise<DayOutcomes[]> {
    const out: DayOutcomes[] = [];
    for (const day of days) {
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const [sent, failed] = await Promise.all(
        (['sent', 'failed'] as const).map((status) =>
          this.db
            .selectFrom('deliveries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', status)
            .where('updated_at', '>=', day)
            .where('updated_at', '<', next)
            .executeTakeFirstOrThrow(),
        ),
      );
      out.push({ day, sent: Number(sent?.n ?? 0), failed: Number(failed?.n ?? 0) });
    }
    return out;
  }

  async countSubscribersByStatus(): Promise<Partial<Record<SubscriberStatus, number>>> {
    const rows = await this.db
      .selectFrom('subscribers')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Deliveries under a lease right now, per lease owner (a sending process). */
  async listLeasesInFlight(limit: number): Promise<LeaseInFlight[]> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select([
        'lease_owner',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.max('lease_expires_at').as('expires_at'),
      ])
      .where('status', '=', 'sending')
      .groupBy('lease_owner')
      .orderBy('lease_owner')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      owner: r.lease_owner ?? '(none)',
      deliveries: Number(r.n),
      expiresAt: String(r.expires_at ?? ''),
    }));
  }

  /** An edition's deliveries, one page, optionally of one status, in ledger order. */
  async listEditionDeliveries(editionId: number, page: PageRequest & { status?: DeliveryStatus }) {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['id', 'email', 'status', 'skip_reason', 'attempts', 'last_response', 'updated_at', 'sent_at'])
      .where('edition_id', '=', editionId)
      .$if(page.status !== undefined, (q) => q.where('status', '=', page.status as DeliveryStatus))
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit + 1)
      .execute();
    return { deliveries: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /** How many deliveries of the edition carry each paper, and how many of those were sent. */
  async countEditionPapers(editionId: number): Promise<Map<string, { planned: number; sent: number }>> {
    const rows = await this.db
      .selectFrom('sent_papers as s')
      .innerJoin('deliveries as d', 'd.id', 's.delivery_id')
      .select([
        's.paper_id',
        (eb) => eb.fn.countAll<number>().as('planned'),
        sql<number>`sum(case when d.status = 'sent' then 1 else 0 end)`.as('sent'),
      ])
      .where('d.edition_id', '=', editionId)
      .groupBy('s.paper_id')
      .execute();
    return new Map(rows.map((r) => [r.paper_id, { planned: Number(r.planned), sent: Number(r.sent) }]));
  }

  /** Subscribers whose address or topics contain `query` (any case), newest first, one page. */
  async searchSubscribers(query: string, page: PageRequest) {
    const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const rows = await this.db
      .selectFrom('subscribers')
      .select(['id', 'email', 'status', 'topics', 'frequency', 'hour', 'timezone', 'created_at'])
      .$if(query !== '', (q) =>
        q.where((eb) =>
          eb.or([
            sql<boolean>`email like ${pattern} escape '\\'`,
            sql<boolean>`lower(topics) like ${pattern} escape '\\'`,
          ]),
        ),
      )
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit + 1)
      .execute();
    return { subscribers: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /** One subscriber's deliveries, newest edition first. */
  async listSubscriberDeliveries(subscriberId: number, limit: number) {
    return this.db
      .selectFrom('deliveries as d')
      .innerJoin('editions as e', 'e.id', 'd.edition_id')
      .select(['e.digest_date', 'd.status', 'd.skip_reason', 'd.attempts', 'd.last_response', 'd.sent_at'])
      .where('d.subscriber_id', '=', subscriberId)
      .orderBy('e.digest_date', 'desc')
      .limit(limit)
      .execute();
  }

  /** The papers first seen on or after `sinceDate` with the most up (or down) votes. */
  async listTopRatedPapers(sinceDate: string, vote: 'up' | 'down', limit: number): Promise<PaperVotes[]> {
    const up = sql<number>`sum(case when r.vote = 'up' then 1 else 0 end)`;
    const down = sql<number>`sum(case when r.vote = 'down' then 1 else 0 end)`;
    const rows = await this.db
      .selectFrom('ratings as r')
      .innerJoin('papers as p', 'p.id', 'r.paper_id')
      .select(['p.id', 'p.title', 'p.first_digest_date', up.as('up'), down.as('down')])
      .where('p.first_digest_date', '>=', sinceDate)
      .groupBy(['p.id', 'p.title', 'p.first_digest_date'])
      .having(vote === 'up' ? up : down, '>', 0)
      .orderBy(vote === 'up' ? up : down, 'desc')
      .orderBy('p.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      paperId: r.id,
      title: r.title,
      digestDate: r.first_digest_date,
      up: Number(r.up),
      down: Number(r.down),
    }));
  }

  /** Ingested digest files, newest first, one page. */
  async listDigests(page: PageRequest) {
    const rows = await this.db
      .selectFrom('digests')
      .select([
        'id',
        'path',
        'digest_date',
        'paper_count',
        'new_count',
        'warnings',
        'status',
        'error',
        'ingested_at',
      ])
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit + 1)
      .execute();
    return { digests: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }
}
