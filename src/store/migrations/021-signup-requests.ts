import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

/**
 * The sign-up queue: POST /subscribe appends one row and answers, whatever the address; the web
 * process works through the rows (suppression, daily limit, pending subscriber, confirmation email),
 * so no answer takes longer for one kind of address than another.
 */
export async function up(db: Kysely<unknown>, { id }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('signup_requests')
    .addColumn('id', id.type, id.build)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('outcome', 'text')
    .addColumn('error', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('signup_requests_due')
    .on('signup_requests')
    .columns(['status', 'next_attempt_at'])
    .execute();
}
