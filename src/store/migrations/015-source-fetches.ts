import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

/**
 * Fetching digests from the web: one row per fetch of a source and date (what `status` shows and
 * what "once a day" is checked against), and the ETag / Last-Modified last seen per URL, for
 * conditional requests.
 */
export async function up(db: Kysely<unknown>, { id }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('source_fetches')
    .addColumn('id', id.type, id.build)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('digest_date', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('papers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('file', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'text')
    .execute();
  await db.schema
    .createIndex('source_fetches_source_date')
    .on('source_fetches')
    .columns(['source', 'digest_date'])
    .execute();

  await db.schema
    .createTable('http_validators')
    .addColumn('url', 'text', (c) => c.primaryKey())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
