import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { enqueueEdition } from '../../src/delivery/index.ts';
import { connectDatabase, openStore, type Store } from '../../src/store/index.ts';
import { up as createFirstSchema } from '../../src/store/migrations/001-papers-and-subscribers.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { createMigrationContext } from '../../src/store/migrations/migration-context.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';

const stamp = '2025-03-01T08:00:00.000Z';

/** A database as the first release left it: only migration 001, recorded by the runner, with data in it. */
async function createFirstReleaseDatabase(url: string): Promise<void> {
  const { db, dialect } = await connectDatabase(url);
  try {
    await createFirstSchema(db as Kysely<unknown>, createMigrationContext(dialect));
    await sql`create table paperboy_migrations (name text primary key, applied_at text not null)`.execute(db);
    await sql`insert into paperboy_migrations (name, applied_at) values ('001-papers-and-subscribers', ${stamp})`.execute(
      db,
    );
    const digest = await db
      .insertInto('digests')
      .values({
        path: 'seeds/2025-03-01.txt',
        content_hash: 'abc',
        digest_date: '2025-03-01',
        format: 'text',
        date_source: 'filename',
        paper_count: 2,
        new_count: 2,
        warnings: '[]',
        status: 'ok',
        error: null,
        ingested_at: stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const papers = [
      ['p1', 'Conformal prediction under distribution shift'],
      ['p2', 'Sea cucumber husbandry at scale'],
    ] as const;
    for (const [position, [id, title]] of papers.entries()) {
      await db
        .insertInto('papers')
        .values({
          id,
          title_key: title.toLowerCase(),
          title,
          abstract: `${title}: an abstract.`,
          authors: '["A. Author"]',
          url: null,
          arxiv_id: null,
          categories: '[]',
          published_at: null,
          upvotes: null,
          first_digest_date: '2025-03-01',
          created_at: stamp,
        })
        .execute();
      await db.insertInto('digest_papers').values({ digest_id: digest.id, paper_id: id, position }).execute();
    }
    const subscriber = await db
      .insertInto('subscribers')
      .values({
        public_id: 'public-1',
        email: 'ada@example.org',
        status: 'confirmed',
        topics: '["conformal prediction"]',
        exclude: '[]',
        breadth: 'balanced',
        max_papers: 10,
        frequency: 'daily',
        weekday: null,
        hour: 7,
        timezone: 'Europe/Berlin',
        created_at: stamp,
        updated_at: stamp,
        confirmed_at: stamp,
        unsubscribed_at: null,
        last_issue_at: null,
        next_due_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('subscription_events')
      .values({
        subscriber_id: subscriber.id,
        email: 'ada@example.org',
        event: 'confirmed',
        source: 'email',
        detail: null,
        created_at: stamp,
      })
      .execute();
    await db
      .insertInto('suppressions')
      .values({ email: 'gone@example.org', reason: '550', source: 'bounce', created_at: stamp })
      .execute();
  } finally {
    await db.destroy();
  }
}

describe.each(testBackends)('upgrading from the first schema on %s', (backend) => {
  let database: TestDatabase;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    await database.destroy();
  });

  it('applies every later migration and keeps the data, which then works with every feature', async () => {
    database = createTestDatabase(backend);
    await createFirstReleaseDatabase(database.url);
    store = await openStore(database.url);

    const applied = await sql<{ name: string }>`select name from paperboy_migrations order by name`.execute(
      store.db,
    );
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());

    expect((await store.papers.listPapers({ digestDate: '2025-03-01' })).map((p) => p.title)).toEqual([
      'Conformal prediction under distribution shift',
      'Sea cucumber husbandry at scale',
    ]);
    const ada = await store.subscribers.findByEmail('ada@example.org');
    expect(ada).toMatchObject({
      status: 'confirmed',
      topics: ['conformal prediction'],
      timezone: 'Europe/Berlin',
    });
    expect(await store.subscribers.listEvents(ada?.id ?? 0)).toHaveLength(1);
    expect(await store.subscribers.isSuppressed('gone@example.org')).toBe(true);

    // Later features on the old rows: an edition (002), the scheduler lease and the outbox (010).
    const config = loadConfig({ NODE_ENV: 'test', MAIL_FROM: 'Paperboy <news@example.org>' });
    const enqueued = await enqueueEdition({ store, config }, { date: '2025-03-01', now: new Date(stamp) });
    expect(enqueued).toMatchObject({ pending: 1, skipped: 0 });
    const [delivery] = await store.editions.listDeliveries(enqueued.editionId);
    expect(JSON.parse(delivery?.papers ?? '[]')).toEqual([expect.objectContaining({ id: 'p1' })]);
    expect(
      await store.schedule.acquireLock('scheduler', 'me', new Date(stamp), new Date('2025-03-01T08:05:00Z')),
    ).toBe(true);
    expect(await store.outbox.count()).toBe(0);
  });
});
