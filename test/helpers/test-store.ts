import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';

export interface TestDatabase {
  /** A DATABASE_URL for this test only: a temp SQLite file, or a fresh PostgreSQL schema. */
  url: string;
  open(): Promise<Store>;
  /** Removes the temp file or drops the schema. */
  destroy(): Promise<void>;
}

/**
 * The PostgreSQL that answered when the run started (TEST_DATABASE_URL, else the local default), or
 * undefined; test/setup/find-postgres.ts prints why when it is missing.
 */
export const postgresUrl: string | undefined = providedPostgresUrl();

function providedPostgresUrl(): string | undefined {
  try {
    return inject('postgresUrl') ?? undefined;
  } catch {
    // Outside vitest (the benchmarks reuse these helpers) there is no provider: they pass the URL in env.
    return undefined;
  }
}

/** The backends a store test runs against: SQLite always, PostgreSQL whenever one answers. */
export const testBackends: ('sqlite' | 'postgres')[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export function createTestDatabase(backend: 'sqlite' | 'postgres'): TestDatabase {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-test-'));
    const url = join(dir, 'test.db');
    return {
      url,
      open: () => openStore(url),
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = postgresUrl ?? process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('no PostgreSQL answered; see the warning at the start of the run');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
  return {
    url,
    open: () => openStore(url),
    destroy: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
