import type { Paper, ParseWarning } from '../digest/index.ts';
import type { BodyKind, HttpGetResult } from './http-get.ts';

/** What a source needs to fetch one date; the orchestrator handles validators, deadline and counts. */
export interface SourceFetchContext {
  date: string;
  /** The date a fetch without --date asks for; feeds are fetched for this date only. */
  defaultDate: string;
  now: Date;
  /**
   * GET through the shared client. `conditional` sends the stored ETag / Last-Modified of the URL
   * (the first request of a source only) and keeps the new ones; `rateLimited` keeps arXiv's rule.
   */
  get(
    url: string,
    options: { expect: BodyKind; conditional: boolean; rateLimited?: boolean },
  ): Promise<HttpGetResult>;
  hfDailyUrl: string;
  arxivApiUrl: string;
  arxivPageSize: number;
}

export type SourcePayload =
  /** HTTP 304 on the first request: nothing new since the last full response. */
  | { status: 'not-modified' }
  /** Nothing was asked for, and nothing is recorded (a date the source cannot serve yet, or at all). */
  | { status: 'skipped'; message: string }
  | { status: 'fetched'; papers: Paper[]; warnings: ParseWarning[]; message?: string };
