import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { chunk } from './chunk.ts';
import type { Database, SubscriberTable } from './database.ts';
import { readJson } from './json-column.ts';
import type { RatingTables } from './rating-repository.ts';
import {
  type ChangeSource,
  normalizeEmail,
  type Subscriber,
  type SubscriberFields,
  type SubscriberStatus,
  toColumns,
  toSubscriber,
} from './subscriber-record.ts';

/** What sending needs to know about a subscriber, read fresh at send time. */
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

export class SubscriberRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findByEmail(email: string): Promise<Subscriber | undefined> {
    const row = await this.db
      .selectFrom('subscribers')
      .selectAll()
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
    return row && toSubscriber(row);
  }

  async findByPublicId(publicId: string): Promise<Subscriber | undefined> {
    const row = await this.db
      .selectFrom('subscribers')
      .selectAll()
      .where('public_id', '=', publicId)
      .executeTakeFirst();
    return row && toSubscriber(row);
  }

  async findById(id: number): Promise<Subscriber | undefined> {
    const row = await this.db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSubscriber(row);
  }

  async list(options: { status?: SubscriberStatus[] } = {}): Promise<Subscriber[]> {
    let query = this.db.selectFrom('subscribers').selectAll().orderBy('id');
    if (options.status) query = query.where('status', 'in', options.status);
    return (await query.execute()).map(toSubscriber);
  }

  /** The ids of every subscriber with one of these statuses, in id order (small even for huge lists). */
  async listIds(options: { status?: SubscriberStatus[] } = {}): Promise<number[]> {
    let query = this.db.selectFrom('subscribers').select('id').orderBy('id');
    if (options.status) query = query.where('status', 'in', options.status);
    return (await query.execute()).map((r) => r.id);
  }

  /** These subscribers (those that still exist, optionally only with one of these statuses), in id order. */
  async listByIds(
    ids: readonly number[],
    options: { status?: SubscriberStatus[] } = {},
  ): Promise<Subscriber[]> {
    const out: Subscriber[] = [];
    // The status is checked here, not in SQL: with it in the WHERE clause SQLite reads the
    // (status, next_due_at) index and scans every confirmed subscriber for each batch of ids.
    const wanted = options.status && new Set<string>(options.status);
    for (const part of chunk(ids)) {
      const rows = await this.db.selectFrom('subscribers').selectAll().where('id', 'in', part).execute();
      for (const row of rows) if (!wanted || wanted.has(row.status)) out.push(toSubscriber(row));
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** Inserts a subscriber and records the change; the caller decides the initial status. */
  async insert(
    fields: SubscriberFields,
    meta: { now: Date; source: ChangeSource; event?: string },
  ): Promise<Subscriber> {
    const stamp = meta.now.toISOString();
    const email = normalizeEmail(fields.email);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('subscribers')
        .values({
          public_id: randomBytes(16).toString('base64url'),
          email,
          status: fields.status,
          topics: JSON.stringify(fields.topics),
          exclude: JSON.stringify(fields.exclude),
          breadth: fields.breadth,
          max_papers: fields.maxPapers,
          frequency: fields.frequency,
          weekday: fields.weekday,
          hour: fields.hour,
          timezone: fields.timezone,
          created_at: stamp,
          updated_at: stamp,
          confirmed_at: fields.status === 'confirmed' ? stamp : null,
          unsubscribed_at: null,
          last_issue_at: null,
          next_due_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('subscription_events')
        .values({
          subscriber_id: row.id,
          email,
          event: meta.event ?? 'subscribed',
          source: meta.source,
          detail: JSON.stringify({ status: fields.status, topics: fields.topics }),
          created_at: stamp,
        })
        .execute();
      return toSubscriber(row);
    });
  }

  /** Applies a change and appends it to the consent record in one transaction. */
  async update(
    id: number,
    changes: Partial<SubscriberFields> & { nextDueAt?: string | null; lastIssueAt?: string | null },
    meta: { now: Date; source: ChangeSource; event: string },
  ): Promise<Subscriber> {
    const stamp = meta.now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const set: Partial<Selectable<SubscriberTable>> = { ...toColumns(changes), updated_at: stamp };
      if (changes.status === 'confirmed') {
        set.confirmed_at = stamp;
        // Due at once: a new (or resumed) subscriber gets the latest edition right away instead of tomorrow.
        set.next_due_at = stamp;
      }
      const scheduleChanged = ['frequency', 'weekday', 'hour', 'timezone'].some(
        (k) => changes[k as keyof typeof changes] !== undefined,
      );
      // The scheduler recomputes a cleared slot from the new schedule on its next tick.
      if (scheduleChanged && changes.status !== 'confirmed') set.next_due_at = null;
      if (changes.status === 'unsubscribed') set.unsubscribed_at = stamp;
      if (changes.nextDueAt !== undefined) set.next_due_at = changes.nextDueAt;
      if (changes.lastIssueAt !== undefined) set.last_issue_at = changes.lastIssueAt;
      const row = await trx
        .updateTable('subscribers')
        .set(set)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const { nextDueAt: _n, lastIssueAt: _l, ...recorded } = changes;
      await trx
        .insertInto('subscription_events')
        .values({
          subscriber_id: id,
          email: row.email,
          event: meta.event,
          source: meta.source,
          detail: JSON.stringify(recorded),
          created_at: stamp,
        })
        .execute();
      return toSubscriber(row);
    });
  }

  /** Appends to the consent record without changing the subscriber (e.g. "confirmation_sent"). */
  async recordEvent(
    subscriber: Pick<Subscriber, 'id' | 'email'>,
    event: string,
    source: ChangeSource,
    now: Date,
    detail?: unknown,
  ) {
    await this.db
      .insertInto('subscription_events')
      .values({
        subscriber_id: subscriber.id,
        email: subscriber.email,
        event,
        source,
        detail: detail === undefined ? null : JSON.stringify(detail),
        created_at: now.toISOString(),
      })
      .execute();
  }

  async countEventsSince(email: string, event: string, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('subscription_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', '=', normalizeEmail(email))
      .where('event', '=', event)
      .where('created_at', '>=', since.toISOString())
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async listEvents(subscriberId: number) {
    return this.db
      .selectFrom('subscription_events')
      .selectAll()
      .where('subscriber_id', '=', subscriberId)
      .orderBy('id')
      .execute();
  }

  /** Deletes the subscriber and, with them, their ratings: a reader's ratings are their data. */
  async remove(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await (trx as unknown as Kysely<Database & RatingTables>)
        .deleteFrom('ratings')
        .where('subscriber_id', '=', id)
        .execute();
      await trx.deleteFrom('subscribers').where('id', '=', id).execute();
    });
  }

  async suppress(email: string, reason: string, source: ChangeSource, now: Date): Promise<void> {
    const normalized = normalizeEmail(email);
    await this.db
      .insertInto('suppressions')
      .values({ email: normalized, reason, source, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
    const subscriber = await this.findByEmail(normalized);
    if (subscriber && subscriber.status !== 'suppressed') {
      await this.update(subscriber.id, { status: 'suppressed' }, { now, source, event: 'suppressed' });
    }
  }

  async isSuppressed(email: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('suppressions')
      .select('email')
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
    return row !== undefined;
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
}
