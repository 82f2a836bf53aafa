import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

export async function up(db: Kysely<unknown>, { id }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('digests')
    .addColumn('id', id.type, id.build)
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('digest_date', 'text')
    .addColumn('format', 'text')
    .addColumn('date_source', 'text')
    .addColumn('paper_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('new_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('ingested_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('digests_hash').on('digests').columns(['content_hash', 'status']).execute();
  await db.schema.createIndex('digests_path').on('digests').columns(['path', 'status']).execute();
  await db.schema.createIndex('digests_date').on('digests').columns(['digest_date', 'status']).execute();

  await db.schema
    .createTable('papers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('url', 'text')
    .addColumn('arxiv_id', 'text')
    .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('published_at', 'text')
    .addColumn('upvotes', 'real')
    .addColumn('first_digest_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('papers_title_key').on('papers').column('title_key').execute();
  await db.schema.createIndex('papers_arxiv_id').on('papers').column('arxiv_id').execute();

  await db.schema
    .createTable('digest_papers')
    .addColumn('digest_id', 'integer', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_papers_pk', ['digest_id', 'paper_id'])
    .execute();

  await db.schema
    .createTable('subscribers')
    .addColumn('id', id.type, id.build)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('exclude', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('breadth', 'text', (c) => c.notNull().defaultTo('balanced'))
    .addColumn('max_papers', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('frequency', 'text', (c) => c.notNull().defaultTo('daily'))
    .addColumn('weekday', 'integer')
    .addColumn('hour', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .addColumn('last_issue_at', 'text')
    .addColumn('next_due_at', 'text')
    .execute();
  await db.schema
    .createIndex('subscribers_status_due')
    .on('subscribers')
    .columns(['status', 'next_due_at'])
    .execute();

  await db.schema
    .createTable('subscription_events')
    .addColumn('id', id.type, id.build)
    .addColumn('subscriber_id', 'integer', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subscription_events_subscriber')
    .on('subscription_events')
    .columns(['subscriber_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
