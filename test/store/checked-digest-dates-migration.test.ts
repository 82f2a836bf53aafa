import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { titleKey } from '../../src/digest/index.ts';
import type { Database } from '../../src/store/database.ts';
import type { Store } from '../../src/store/index.ts';
import { migrateToLatest } from '../../src/store/migrate-to-latest.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';

type Tables = Database & { editions: { id?: number; digest_date: string; created_at: string } };

const ingestedAt = '2025-03-11T08:00:00.000Z';

async function insertDigest(db: Kysely<Tables>, path: string, date: string): Promise<number> {
  const row = await db
    .insertInto('digests')
    .values({
      path,
      content_hash: path,
      digest_date: date,
      format: 'json',
      date_source: 'content',
      paper_count: 1,
      new_count: 1,
      warnings: '[]',
      status: 'ok',
      error: null,
      ingested_at: ingestedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertPaper(
  db: Kysely<Tables>,
  digestId: number,
  fields: { id: string; title: string; titleKey: string; first: string; published: string | null },
) {
  await db
    .insertInto('papers')
    .values({
      id: fields.id,
      title_key: fields.titleKey,
      title: fields.title,
      abstract: 'A.',
      authors: '[]',
      url: null,
      arxiv_id: null,
      categories: '[]',
      published_at: fields.published,
      upvotes: null,
      first_digest_date: fields.first,
      created_at: ingestedAt,
    })
    .execute();
  await db
    .insertInto('digest_papers')
    .values({ digest_id: digestId, paper_id: fields.id, position: 0 })
    .execute();
}

describe.each(testBackends)('migration 019: rows stored before dates were checked, on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = createTestDatabase(backend);
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
  });

  it('re-dates impossible and future digests, papers and editions, clears bad published dates, and rekeys titles', async () => {
    const db = store.db as unknown as Kysely<Tables>;
    const impossible = await insertDigest(db, '/d/impossible.json', '2025-99-99');
    const future = await insertDigest(db, '/d/future.json', '2999-01-01');
    const good = await insertDigest(db, '/d/good.json', '2025-03-10');
    await insertPaper(db, impossible, {
      id: 'title:',
      title: '深度学习的新方法',
      titleKey: '',
      first: '2025-99-99',
      published: '2025-02-30',
    });
    await insertPaper(db, future, {
      id: 'title:future',
      title: 'Future',
      titleKey: 'future',
      first: '2999-01-01',
      published: '2999-01-01',
    });
    await insertPaper(db, good, {
      id: 'title:good',
      title: 'Straße',
      titleKey: 'stra-e',
      first: '2025-03-10',
      published: '2025-03-10',
    });
    await db.insertInto('editions').values({ digest_date: '2999-01-01', created_at: ingestedAt }).execute();
    await db.insertInto('editions').values({ digest_date: '2025-03-11', created_at: ingestedAt }).execute();
    await db.insertInto('editions').values({ digest_date: '2025-99-99', created_at: ingestedAt }).execute();

    await sql`delete from paperboy_migrations where name = '019-checked-digest-dates'`.execute(store.db);
    await migrateToLatest(store.db, backend);

    const digests = await db
      .selectFrom('digests')
      .select(['path', 'digest_date', 'warnings'])
      .orderBy('id')
      .execute();
    expect(digests.map((d) => d.digest_date)).toEqual(['2025-03-11', '2025-03-11', '2025-03-10']);
    expect(digests[0]?.warnings).toContain('the stored date 2025-99-99 was not a real day');
    const papers = await db
      .selectFrom('papers')
      .select(['id', 'title_key', 'first_digest_date', 'published_at'])
      .orderBy('id')
      .execute();
    expect(papers).toEqual([
      {
        id: 'title:',
        title_key: titleKey('深度学习的新方法'),
        first_digest_date: '2025-03-11',
        published_at: null,
      },
      { id: 'title:future', title_key: 'future', first_digest_date: '2025-03-11', published_at: null },
      { id: 'title:good', title_key: 'straße', first_digest_date: '2025-03-10', published_at: '2025-03-10' },
    ]);
    // 2025-03-11 is taken by a real edition: the bad ones move to the latest free days before it.
    const editions = await db.selectFrom('editions').select('digest_date').orderBy('id').execute();
    expect(editions.map((e) => e.digest_date)).toEqual(['2025-03-10', '2025-03-11', '2025-03-09']);
    expect(await store.papers.latestDigestDate('2025-03-12')).toBe('2025-03-11');
  });
});
