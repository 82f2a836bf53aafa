import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

/**
 * A reader's ratings of papers ("more like this" = up, "less like this" = down, example papers =
 * up): one row per subscriber and paper, so a second vote replaces the first.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('ratings')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull())
    .addColumn('vote', 'text', (c) => c.notNull())
    /** web (a vote link or the preferences page), example (added by title or arXiv id), cli */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ratings_pk', ['subscriber_id', 'paper_id'])
    .execute();
  await db.schema.createIndex('ratings_paper').on('ratings').columns(['paper_id', 'vote']).execute();
}
