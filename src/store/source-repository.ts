import type { Generated, Kysely, Selectable } from 'kysely';
import { chunk } from './chunk.ts';
import type { Database } from './database.ts';

/** One fetch of one source for one digest date. */
export interface SourceFetchTable {
  id: Generated<number>;
  source: string;
  digest_date: string;
  started_at: string;
  finished_at: string;
  status: SourceFetchStatus;
  /** Papers in the response(s). */
  papers: number;
  /** The digest file written (or found unchanged). */
  file: string | null;
  /** sha256 of that file: the key of its ingest in `digests`, which knows how many papers were new. */
  content_hash: string | null;
  /** HTTP requests made, retries included. */
  requests: number;
  bytes: number;
  /** The error, or a note such as "no arXiv announcement on Fridays". */
  message: string | null;
}

/** The validators of the last full response from a URL, sent back on the next request. */
export interface HttpValidatorTable {
  url: string;
  etag: string | null;
  last_modified: string | null;
  updated_at: string;
}

export type SourceTables = {
  source_fetches: SourceFetchTable;
  http_validators: HttpValidatorTable;
};

/**
 * written: a new digest file; unchanged: the file already held exactly this; not-modified: HTTP 304;
 * empty: the source had no papers for the date; failed: see `message`.
 */
export type SourceFetchStatus = 'written' | 'unchanged' | 'not-modified' | 'empty' | 'failed';

/** The statuses after which the date counts as fetched (no second fetch that day, no catch-up). */
export const completedFetchStatuses: readonly SourceFetchStatus[] = [
  'written',
  'unchanged',
  'not-modified',
  'empty',
];

export type NewSourceFetch = Omit<Selectable<SourceFetchTable>, 'id'>;

export interface SourceFetchRecord {
  source: string;
  date: string;
  startedAt: string;
  finishedAt: string;
  status: SourceFetchStatus;
  papers: number;
  file: string | null;
  requests: number;
  bytes: number;
  message: string | null;
  /** Papers this fetch added to the store; null while its file waits to be ingested. */
  added: number | null;
}

/** Fetch history and HTTP validators of the digest sources. */
export class SourceRepository {
  private readonly db: Kysely<Database & SourceTables>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<SourceTables>();
  }

  async getValidators(url: string): Promise<{ etag?: string; lastModified?: string }> {
    const row = await this.db
      .selectFrom('http_validators')
      .selectAll()
      .where('url', '=', url)
      .executeTakeFirst();
    return {
      ...(row?.etag ? { etag: row.etag } : {}),
      ...(row?.last_modified ? { lastModified: row.last_modified } : {}),
    };
  }

  async saveValidators(
    url: string,
    validators: { etag?: string | undefined; lastModified?: string | undefined },
    now: Date,
  ): Promise<void> {
    const values = {
      etag: validators.etag ?? null,
      last_modified: validators.lastModified ?? null,
      updated_at: now.toISOString(),
    };
    if (!values.etag && !values.last_modified) {
      // A response without validators replaces older ones: sending those back would be wrong.
      await this.db.deleteFrom('http_validators').where('url', '=', url).execute();
      return;
    }
    await this.db
      .insertInto('http_validators')
      .values({ url, ...values })
      .onConflict((oc) => oc.column('url').doUpdateSet(values))
      .execute();
  }

  async recordFetch(fetch: NewSourceFetch): Promise<void> {
    await this.db.insertInto('source_fetches').values(fetch).execute();
  }

  /** A completed fetch of this source and date that started at or after `since` (ISO). */
  async findCompletedSince(
    source: string,
    date: string,
    since: string,
  ): Promise<{ startedAt: string; status: SourceFetchStatus } | undefined> {
    const row = await this.db
      .selectFrom('source_fetches')
      .select(['started_at', 'status'])
      .where('source', '=', source)
      .where('digest_date', '=', date)
      .where('status', 'in', completedFetchStatuses)
      .where('started_at', '>=', since)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row && { startedAt: row.started_at, status: row.status };
  }

  /** The latest digest date this source was fetched for successfully. */
  async lastCompletedDate(source: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('source_fetches')
      .select((eb) => eb.fn.max('digest_date').as('date'))
      .where('source', '=', source)
      .where('status', 'in', completedFetchStatuses)
      .executeTakeFirst();
    return row?.date ?? undefined;
  }

  /** Each source's most recent fetch, with how many papers its file added once ingested. */
  async listLatestFetches(): Promise<SourceFetchRecord[]> {
    const rows = await this.db
      .selectFrom('source_fetches')
      .selectAll()
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('source_fetches')
          .select((s) => s.fn.max('id').as('id'))
          .groupBy('source'),
      )
      .orderBy('source')
      .execute();
    const hashes = [
      ...new Set(rows.flatMap((r) => (r.status === 'written' && r.content_hash ? [r.content_hash] : []))),
    ];
    const added = new Map<string, number>();
    for (const part of chunk(hashes)) {
      const digests = await this.db
        .selectFrom('digests')
        .select(['content_hash', 'new_count'])
        .where('content_hash', 'in', part)
        .where('status', 'in', ['ok', 'superseded'])
        .orderBy('id')
        .execute();
      for (const d of digests) if (!added.has(d.content_hash)) added.set(d.content_hash, d.new_count);
    }
    return rows.map((r) => ({
      source: r.source,
      date: r.digest_date,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      status: r.status,
      papers: r.papers,
      file: r.file,
      requests: r.requests,
      bytes: r.bytes,
      message: r.message,
      added: r.status === 'written' ? (added.get(r.content_hash ?? '') ?? null) : 0,
    }));
  }
}
