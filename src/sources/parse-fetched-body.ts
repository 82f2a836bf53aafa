import type { Paper, ParseWarning } from '../digest/index.ts';
import { AppError, isAppError } from '../errors/index.ts';
import { parseDigestOffThread } from '../ingest/index.ts';

/**
 * Parses a response body with the digest parsers, in the parser thread (a response can be as large
 * as FETCH_MAX_MB, and the daemon's web app shares the main thread). An empty list (no entries,
 * `[]`) is a legitimate answer and gives no papers; anything the parsers reject becomes
 * FETCH_INVALID, naming the URL.
 */
export async function parseFetchedBody(
  body: Uint8Array,
  url: string,
  now: Date,
): Promise<{ papers: Paper[]; warnings: ParseWarning[]; entries: number }> {
  try {
    const parsed = await parseDigestOffThread({ bytes: body, fileName: url, now });
    return {
      papers: parsed.papers,
      warnings: parsed.warnings,
      entries: parsed.entries ?? parsed.papers.length,
    };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const warnings = (error.details.warnings as ParseWarning[] | undefined) ?? [];
    if (error.code === 'DIGEST_NO_PAPERS' && warnings.length === 0)
      return { papers: [], warnings: [], entries: 0 };
    throw new AppError('FETCH_INVALID', error.message, { cause: error, details: { url } });
  }
}

/** Adds papers not seen yet (pages can overlap); returns how many were new. */
export function addNewPapers(into: Paper[], seen: Set<string>, papers: Paper[]): number {
  let added = 0;
  for (const paper of papers) {
    if (seen.has(paper.id)) continue;
    seen.add(paper.id);
    into.push(paper);
    added++;
  }
  return added;
}
