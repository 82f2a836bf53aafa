import type { Paper, ParseWarning } from '../digest/index.ts';
import { addNewPapers, parseFetchedBody } from './parse-fetched-body.ts';
import type { SourceFetchContext, SourcePayload } from './source-fetch-context.ts';

/** The most the API returns per request. */
const pageSize = 100;
/** A day has tens of papers; ten pages is far beyond any day so far. */
const maxPages = 10;

/** `HF_DAILY_URL?date=…&limit=100`, then `&p=1`, `&p=2`… while pages come back full. */
export function hfDailyUrl(base: string, date: string, page: number): string {
  const url = new URL(base);
  url.searchParams.set('date', date);
  url.searchParams.set('limit', String(pageSize));
  if (page > 0) url.searchParams.set('p', String(page));
  return url.toString();
}

/**
 * The Hugging Face Daily Papers of one date (a JSON array of `{paper: {id, title, summary, authors,
 * upvotes, publishedAt}}`), read with the HF JSON digest parser, so upvotes, authors, arXiv id and
 * published date are kept.
 */
export async function fetchHfDaily(ctx: SourceFetchContext): Promise<SourcePayload> {
  const papers: Paper[] = [];
  const warnings: ParseWarning[] = [];
  const seen = new Set<string>();
  for (let page = 0; page < maxPages; page++) {
    const url = hfDailyUrl(ctx.hfDailyUrl, ctx.date, page);
    // Only the first page is conditional: it changes whenever the day's list does.
    const response = await ctx.get(url, { expect: 'json', conditional: page === 0 });
    if (response.status === 'not-modified') return { status: 'not-modified' };
    // Parsed in the parser thread; the entry count (valid or not) tells whether the page was full.
    const parsed = await parseFetchedBody(response.body, url, ctx.now);
    warnings.push(...parsed.warnings);
    // A server that ignores `p` returns the first page again: stop instead of looping.
    const added = addNewPapers(papers, seen, parsed.papers);
    if (parsed.entries < pageSize || added === 0) break;
  }
  return { status: 'fetched', papers, warnings };
}
