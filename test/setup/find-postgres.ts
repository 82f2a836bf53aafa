import pg from 'pg';
import type { TestProject } from 'vitest/node';

/** The server the README's development section documents; CI starts it when it is down. */
export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL that answered at start-up, or null when the PostgreSQL suites must skip. */
    postgresUrl: string | null;
  }
}

async function answers(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Finds the PostgreSQL the store, delivery and worker suites run against: TEST_DATABASE_URL, else the
 * local default. Skipping is allowed only when neither answers, and then it is said once, loudly.
 */
export default async function findPostgres(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL || defaultPostgresUrl;
  const problem = await answers(url);
  if (problem) {
    console.warn(
      `[${project.name}] PostgreSQL suites SKIPPED: ${url} did not answer (${problem}). ` +
        'Start PostgreSQL or set TEST_DATABASE_URL=postgres://… to run them (README › Development).',
    );
  }
  project.provide('postgresUrl', problem ? null : url);
}
