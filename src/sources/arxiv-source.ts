import type { Paper, ParseWarning } from '../digest/index.ts';
import { AppError } from '../errors/index.ts';
import { arxivAnnouncement, arxivTimestamp } from './fetch-dates.ts';
import { addNewPapers, parseFetchedBody } from './parse-fetched-body.ts';
import type { SourceFetchContext, SourcePayload } from './source-fetch-context.ts';

/** The API serves at most 30,000 results for one query (user manual, "start and max_results"). */
const maxResults = 30_000;

/**
 * The API query for one announcement: any of the categories (primary or cross-list), submitted
 * inside the announcement's window, oldest first so pages stay stable while we read them.
 */
export function arxivQueryUrl(
  base: string,
  categories: string[],
  window: { from: number; to: number },
  start: number,
  pageSize: number,
): string {
  const url = new URL(base);
  // The range is inclusive and minute-precise: end one minute before the next window starts.
  const range = `[${arxivTimestamp(window.from)} TO ${arxivTimestamp(window.to - 60_000)}]`;
  const cats = categories.map((c) => `cat:${c}`).join(' OR ');
  url.searchParams.set('search_query', `(${cats}) AND submittedDate:${range}`);
  url.searchParams.set('sortBy', 'submittedDate');
  url.searchParams.set('sortOrder', 'ascending');
  url.searchParams.set('start', String(start));
  url.searchParams.set('max_results', String(pageSize));
  return url.toString();
}

/**
 * The new submissions arXiv announced on `date` in these categories, from the arXiv API (Atom),
 * page by page, one request every three seconds.
 */
export async function fetchArxiv(ctx: SourceFetchContext, categories: string[]): Promise<SourcePayload> {
  const window = arxivAnnouncement(ctx.date);
  if (!window) {
    return {
      status: 'fetched',
      papers: [],
      warnings: [],
      message: 'arXiv announces nothing on Fridays and Saturdays',
    };
  }
  if (ctx.now.getTime() < window.announcedAt) {
    return {
      status: 'skipped',
      message: `arXiv announces the submissions of ${ctx.date} at ${new Date(window.announcedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC; fetch after that`,
    };
  }
  const papers: Paper[] = [];
  const warnings: ParseWarning[] = [];
  const seen = new Set<string>();
  for (let start = 0; ; start += ctx.arxivPageSize) {
    const url = arxivQueryUrl(ctx.arxivApiUrl, categories, window, start, ctx.arxivPageSize);
    // The first page carries the total, so it changes whenever any page would.
    const response = await ctx.get(url, { expect: 'xml', conditional: start === 0, rateLimited: true });
    if (response.status === 'not-modified') return { status: 'not-modified' };
    const text = Buffer.from(response.body).toString('utf8');
    const info = readArxivFeedInfo(text);
    if (info.error) {
      throw new AppError('FETCH_INVALID', `${url}: the arXiv API answered with an error: ${info.error}`, {
        details: { url },
      });
    }
    const parsed = await parseFetchedBody(response.body, url, ctx.now);
    warnings.push(...parsed.warnings);
    addNewPapers(papers, seen, parsed.papers);
    const total = info.totalResults;
    if (total === undefined) break; // not a paged API answer (a plain Atom file on a mirror): one page
    if (total > maxResults) {
      throw new AppError(
        'FETCH_INVALID',
        `${url}: ${total} results, more than the ${maxResults} the arXiv API serves for one query; name fewer categories`,
        { details: { url } },
      );
    }
    if (start + ctx.arxivPageSize >= total) break;
    if (parsed.papers.length === 0) {
      // The API is known to return an empty page now and then under load; the next run asks again.
      throw new AppError(
        'FETCH_FAILED',
        `${url}: the arXiv API returned an empty page at ${start} of ${total} results`,
        { details: { url } },
      );
    }
  }
  return { status: 'fetched', papers, warnings };
}

/** The OpenSearch total of an arXiv API page, and the message of an error entry, if it is one. */
export function readArxivFeedInfo(xml: string): { totalResults?: number; error?: string } {
  // Attribute runs are bounded ([^<>]{0,200}): "<totalResults" repeated without a ">" made the
  // unbounded `[^>]*` quadratic on the response body.
  const total = /<(?:opensearch:)?totalResults[^<>]{0,200}>\s{0,100}(\d{1,12})\s{0,100}</.exec(xml)?.[1];
  const errorAt = xml.search(/<id>\s{0,100}https?:\/\/arxiv\.org\/api\/errors/);
  const error =
    errorAt >= 0
      ? (/<summary[^<>]{0,200}>([^<]{0,1000})<\/summary>/
          .exec(xml.slice(errorAt, errorAt + 5000))?.[1]
          ?.trim() ?? 'unknown error')
      : undefined;
  return { ...(total !== undefined ? { totalResults: Number(total) } : {}), ...(error ? { error } : {}) };
}
