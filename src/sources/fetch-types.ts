/** What `fetchSources` takes and returns: shared by the CLI, the daemon's fetch job and the status page. */
import type { Config } from '../config/index.ts';
import type { Paper, ParseWarning } from '../digest/index.ts';
import type { SourceFetchStatus, Store } from '../store/index.ts';
import type { HttpDeps } from './http-get.ts';

export interface FetchDeps {
  config: Config;
  store: Store;
  /** Dates and the fetch record (the CLI's and the daemon's clock). */
  clock: () => Date;
  /** Names this process in the fetch lease (`createLeaseOwner()`). */
  owner: string;
  /** The real network, clock and waits unless a test replaces them. */
  http?: Partial<HttpDeps>;
  signal?: AbortSignal;
  /** Entries per arXiv API page. */
  arxivPageSize?: number;
}

export interface FetchOptions {
  /** `--source NAME`: one source, by name or as written in SOURCES. */
  source?: string;
  /** `--date YYYY-MM-DD` (default: yesterday, UTC). */
  date?: string;
  /** Fetch and parse, write and record nothing. */
  dryRun?: boolean;
  /** Fetch again even if the source and date were fetched today (still a conditional request). */
  force?: boolean;
  /** Also fetch the days missed since each source's last completed fetch, up to a week (the daemon). */
  catchUp?: boolean;
}

export type FetchStatus = SourceFetchStatus | 'skipped' | 'would-write';

export interface SourceFetchResult {
  source: string;
  date: string;
  status: FetchStatus;
  /** Papers in the response. */
  papers: number;
  file?: string;
  message?: string;
  /** HTTP requests made, retries included. */
  requests: number;
  bytes: number;
  warnings: ParseWarning[];
  /** A server's Retry-After that was beyond the deadline: the earliest sensible retry. */
  retryAfterMs?: number;
  /** Dry run: what the file would hold. */
  preview?: Paper[];
}

export interface FetchReport {
  results: SourceFetchResult[];
  /** Set when another process is fetching (the run did nothing). */
  busy?: true;
}
