import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

/**
 * The scheduler pages through due subscribers by (slot, id). With the id in the index, PostgreSQL reads
 * each page as one index range; SQLite keeps the rowid in every index anyway, so the new index costs it
 * nothing more than the one it replaces.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createIndex('subscribers_status_due_id')
    .on('subscribers')
    .columns(['status', 'next_due_at', 'id'])
    .execute();
  await db.schema.dropIndex('subscribers_status_due').execute();
}
