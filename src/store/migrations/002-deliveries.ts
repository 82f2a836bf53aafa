import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

/**
 * The delivery ledger: one frozen edition per digest date, one delivery row per (subscriber, edition),
 * the papers promised to each subscriber (so no paper is ever sent twice), and the shared
 * send-rate schedule that every sending process draws from.
 */
export async function up(db: Kysely<unknown>, { id }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('editions')
    .addColumn('id', id.type, id.build)
    .addColumn('digest_date', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', id.type, id.build)
    .addColumn('edition_id', 'integer', (c) => c.notNull())
    .addColumn('subscriber_id', 'integer', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skip_reason', 'text')
    .addColumn('papers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('claimed_from', 'text')
    .addColumn('expired_leases', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_response', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('deliveries_subscriber_edition', ['subscriber_id', 'edition_id'])
    .execute();
  await db.schema
    .createIndex('deliveries_claim')
    .on('deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('deliveries_edition_status')
    .on('deliveries')
    .columns(['edition_id', 'status'])
    .execute();

  await db.schema
    .createTable('sent_papers')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sent_papers_pk', ['subscriber_id', 'paper_id'])
    .execute();
  await db.schema.createIndex('sent_papers_delivery').on('sent_papers').column('delivery_id').execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_slot_ms', 'bigint', (c) => c.notNull())
    .execute();
}
