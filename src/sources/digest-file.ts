import { join } from 'node:path';
import type { Paper } from '../digest/index.ts';

/** `DIGESTS_DIR/2025-03-11-hf-daily.json`: the date in the name is the digest date the ingest uses. */
export function digestFilePath(dir: string, date: string, sourceName: string): string {
  return join(dir, `${date}-${sourceName}.json`);
}

/**
 * The digest file of one source and date, in Paperboy's JSON digest format (`{papers: [...]}` with
 * the provenance alongside), so every source is ingested by one parser. Stable for the same papers,
 * so an unchanged source gives byte-identical files.
 */
export function serializeDigest(input: {
  source: string;
  date: string;
  url: string;
  papers: Paper[];
}): Buffer {
  const papers = input.papers.map((p) => ({
    title: p.title,
    abstract: p.abstract,
    authors: p.authors,
    ...(p.url ? { url: p.url } : {}),
    ...(p.arxivId ? { arxivId: p.arxivId } : {}),
    ...(p.publishedAt ? { publishedAt: p.publishedAt } : {}),
    categories: p.categories,
    ...(p.upvotes !== undefined ? { upvotes: p.upvotes } : {}),
  }));
  return Buffer.from(
    `${JSON.stringify({ source: input.source, date: input.date, url: input.url, papers }, null, 2)}\n`,
  );
}
