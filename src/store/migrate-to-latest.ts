import { type Kysely, sql } from 'kysely';
import { AppError } from '../errors/index.ts';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';
import { createMigrationContext } from './migrations/migration-context.ts';

/**
 * Applies every migration not yet recorded in `paperboy_migrations`, in name order, in one
 * transaction that holds a lock for its whole length: two processes starting at once on one
 * database (or on several PostgreSQL schemas) never race. Our own small runner rather than Kysely's
 * Migrator, whose catalog introspection trips over schemas that other processes drop concurrently.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const ctx = createMigrationContext(dialect);
  const run = async (trx: Kysely<Database>) => {
    await sql`create table if not exists paperboy_migrations (name text primary key, applied_at text not null)`.execute(
      trx,
    );
    const rows = await sql<{ name: string }>`select name from paperboy_migrations`.execute(trx);
    const applied = new Set(rows.rows.map((r) => r.name));
    for (const [name, migration] of Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b))) {
      if (applied.has(name)) continue;
      try {
        await migration.up(trx as Kysely<unknown>, ctx);
      } catch (cause) {
        throw new AppError('STORE_FAILED', `database migration ${name} failed: ${(cause as Error).message}`, {
          cause,
        });
      }
      await sql`insert into paperboy_migrations (name, applied_at) values (${name}, ${new Date().toISOString()})`.execute(
        trx,
      );
    }
  };
  if (dialect === 'postgres') {
    await db.transaction().execute(async (trx) => {
      // Held until commit; keyed by schema so separate schemas migrate in parallel.
      await sql`select pg_advisory_xact_lock(hashtext(current_schema()))`.execute(trx);
      await run(trx);
    });
    return;
  }
  // SQLite: BEGIN IMMEDIATE takes the write lock up front (busy_timeout waits for it) instead of
  // failing with SQLITE_BUSY when two processes upgrade a read transaction at the same moment.
  await db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      await run(conn);
      await sql`commit`.execute(conn);
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
