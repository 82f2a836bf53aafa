import { parseFetchedBody } from './parse-fetched-body.ts';
import type { SourceFetchContext, SourcePayload } from './source-fetch-context.ts';

/**
 * Any RSS or Atom feed of papers (a journal's table of contents, a bioRxiv subject feed). A feed has
 * no history, only its current items, so it is fetched for the default date only; its items are
 * dated by that fetch, and papers already stored from an earlier day are not new again.
 */
export async function fetchFeed(ctx: SourceFetchContext, url: string): Promise<SourcePayload> {
  if (ctx.date !== ctx.defaultDate) {
    return {
      status: 'skipped',
      message: `a feed holds only its current items; it is fetched for ${ctx.defaultDate} (the default date) only`,
    };
  }
  const response = await ctx.get(url, { expect: 'xml', conditional: true });
  if (response.status === 'not-modified') return { status: 'not-modified' };
  const parsed = await parseFetchedBody(response.body, url, ctx.now);
  return { status: 'fetched', papers: parsed.papers, warnings: parsed.warnings };
}
