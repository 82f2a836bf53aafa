import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

/**
 * The scheduler pages through due subscribers by (slot, id). With the id in the index, PostgreSQL reads
 * each page as one index range; SQLite keeps the rowid in every index anyway, so the new index costs it
 * nothing more than the one it replaces. Freezing a large edition writes every index of `deliveries`
 * for each row, so a redundant one goes.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createIndex('subscribers_status_due_id')
    .on('subscribers')
    .columns(['status', 'next_due_at', 'id'])
    .execute();
  await db.schema.dropIndex('subscribers_status_due').execute();
  // (edition_id, status) is a prefix of deliveries_edition_status_reason (022): the same reads, one
  // index fewer to write for every delivery inserted and every status change.
  await db.schema.dropIndex('deliveries_edition_status').execute();
}
