import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

/**
 * The operator's audit trail: every action taken in /admin (who: the admin token's label; what; on
 * which object; when), and the indexes that keep the dashboard's counts off the table rows.
 */
export async function up(db: Kysely<unknown>, { id }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('admin_audit')
    .addColumn('id', id.type, id.build)
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The 30-day chart counts sent and failed deliveries by day; `updated_at` is when the outcome was written.
  // An edition's counts by status and skip reason, read from the index alone (no row lookups).
  await db.schema
    .createIndex('deliveries_edition_status_reason')
    .on('deliveries')
    .columns(['edition_id', 'status', 'skip_reason'])
    .execute();
  await db.schema
    .createIndex('deliveries_status_updated')
    .on('deliveries')
    .columns(['status', 'updated_at'])
    .execute();
}
