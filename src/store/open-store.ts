import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { AppError } from '../errors/index.ts';
import { AdminRepository } from './admin-repository.ts';
import { AuditRepository } from './audit-repository.ts';
import type { Database } from './database.ts';
import { DeliveryRepository } from './delivery-repository.ts';
import { EditionRepository } from './edition-repository.ts';
import { migrateToLatest } from './migrate-to-latest.ts';
import { OutboxRepository } from './outbox-repository.ts';
import { PaperRepository } from './paper-repository.ts';
import { RatingRepository } from './rating-repository.ts';
import { ScheduleRepository } from './schedule-repository.ts';
import { SignupRepository } from './signup-repository.ts';
import { SourceRepository } from './source-repository.ts';
import { SubscriberRepository } from './subscriber-repository.ts';
import { SuppressionRepository } from './suppression-repository.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly dialect: Dialect;
  readonly db: Kysely<Database>;
  readonly papers: PaperRepository;
  readonly subscribers: SubscriberRepository;
  readonly editions: EditionRepository;
  readonly deliveries: DeliveryRepository;
  readonly schedule: ScheduleRepository;
  readonly outbox: OutboxRepository;
  readonly sources: SourceRepository;
  readonly ratings: RatingRepository;
  readonly signups: SignupRepository;
  readonly suppressions: SuppressionRepository;
  readonly audit: AuditRepository;
  /** The operator dashboard's queries (read only). */
  readonly admin: AdminRepository;
  close(): Promise<void>;
}

export interface DatabaseTarget {
  dialect: Dialect;
  /** SQLite file path (or ':memory:'), or the PostgreSQL connection string. */
  location: string;
  /** PostgreSQL schema from `?schema=` (lets several instances or test runs share one database). */
  schema?: string;
}

/** `postgres://…` or `postgresql://…` selects PostgreSQL; anything else is a SQLite path, `sqlite:` prefix allowed. */
export function resolveDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    if (schema && !/^[a-z_][a-z0-9_]{0,62}$/i.test(schema)) {
      throw new AppError('CONFIG_INVALID', `DATABASE_URL: schema "${schema}" must be a plain identifier`);
    }
    return { dialect: 'postgres', location: parsed.toString(), ...(schema ? { schema } : {}) };
  }
  const path = url.replace(/^sqlite:(\/\/)?/i, '');
  return { dialect: 'sqlite', location: path || 'data/paperboy.db' };
}

/** Connects to the database named by DATABASE_URL without touching its schema (`openStore` migrates it). */
export async function connectDatabase(
  databaseUrl: string,
): Promise<{ db: Kysely<Database>; dialect: Dialect }> {
  const target = resolveDatabaseUrl(databaseUrl);
  try {
    const db = target.dialect === 'postgres' ? await openPostgres(target) : openSqlite(target.location);
    return { db, dialect: target.dialect };
  } catch (cause) {
    throw new AppError(
      'STORE_FAILED',
      `cannot open database ${describeTarget(target)}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
}

/** Opens the database named by DATABASE_URL and brings its schema up to date. */
export async function openStore(databaseUrl: string): Promise<Store> {
  const { db, dialect } = await connectDatabase(databaseUrl);
  await migrateToLatest(db, dialect);
  return {
    dialect,
    db,
    papers: new PaperRepository(db),
    subscribers: new SubscriberRepository(db),
    editions: new EditionRepository(db),
    deliveries: new DeliveryRepository(db, dialect),
    schedule: new ScheduleRepository(db),
    outbox: new OutboxRepository(db),
    sources: new SourceRepository(db),
    ratings: new RatingRepository(db),
    signups: new SignupRepository(db),
    suppressions: new SuppressionRepository(db),
    audit: new AuditRepository(db),
    admin: new AdminRepository(db),
    close: () => db.destroy(),
  };
}

function describeTarget(target: DatabaseTarget): string {
  if (target.dialect === 'sqlite') return target.location;
  const url = new URL(target.location);
  url.password = url.password ? '***' : '';
  return url.toString();
}

function openSqlite(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // WAL lets the web app read while a send run writes; busy_timeout makes two processes wait instead of failing.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

async function openPostgres(target: DatabaseTarget): Promise<Kysely<Database>> {
  // Imported here so SQLite installs and quick commands never load the PostgreSQL driver.
  const { default: pg } = await import('pg');
  // COUNT(*) and BIGINT come back from pg as strings; every count here fits a JS number.
  pg.types.setTypeParser(20, Number);
  const pool = new pg.Pool({
    connectionString: target.location,
    max: 10,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  if (target.schema) {
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
    } finally {
      client.release();
    }
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
