import { type Kysely, sql } from 'kysely';
import { extractArxivId } from '../digest/index.ts';
import type { Database } from './database.ts';
import { type StoredPaper, toStoredPaper } from './paper-record.ts';
import type { PaperRepository } from './paper-repository.ts';

/** What a search asks for: one paper by its arXiv id, or papers whose title or abstract has every word. */
export type PaperQuery = { arxivId: string } | { words: readonly string[] };

/** More words than this narrow nothing a person types; longer words are not words. */
const maxWords = 8;
const maxWordLength = 60;

/**
 * Reads what a person typed: an arXiv id, `arXiv:` id or arXiv / Hugging Face paper URL on its own
 * is that paper; anything else is words (letters and digits of any script, lower-cased, each at
 * least two characters).
 *
 * @example readPaperQuery('https://arxiv.org/abs/2403.01234v2') // { arxivId: '2403.01234' }
 * @example readPaperQuery('Conformal prediction, RLHF') // { words: ['conformal', 'prediction', 'rlhf'] }
 */
export function readPaperQuery(text: string): PaperQuery {
  const trimmed = text.trim();
  const arxivId = /\s/.test(trimmed) ? undefined : extractArxivId(trimmed);
  if (arxivId) return { arxivId };
  const words = (trimmed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter(
    (word) => word.length >= 2 && word.length <= maxWordLength,
  );
  return { words: [...new Set(words)].slice(0, maxWords) };
}

/**
 * Stored papers that answer a query, those with every word in the title first, then the newest.
 * Words hold only letters and digits, so they never carry a LIKE wildcard. A scan of the papers
 * table: no index serves "contains", and an archive of years is a few hundred thousand rows.
 */
export async function selectPapersByQuery(
  db: Kysely<Database>,
  query: PaperQuery,
  limit: number,
): Promise<StoredPaper[]> {
  let select = db.selectFrom('papers').selectAll();
  if ('arxivId' in query) {
    select = select.where('arxiv_id', '=', query.arxivId);
  } else {
    if (query.words.length === 0) return [];
    for (const word of query.words) {
      const pattern = `%${word}%`;
      select = select.where((eb) =>
        eb.or([eb(sql`lower(title)`, 'like', pattern), eb(sql`lower(abstract)`, 'like', pattern)]),
      );
    }
    const inTitle = sql.join(
      query.words.map((word) => sql`lower(title) like ${`%${word}%`}`),
      sql` and `,
    );
    select = select.orderBy(sql`case when ${inTitle} then 0 else 1 end`);
  }
  const rows = await select.orderBy('first_digest_date', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toStoredPaper);
}

export interface PaperSearch {
  query: PaperQuery;
  /** At most `limit` papers, best first. */
  papers: StoredPaper[];
  /** True when more papers match than were returned. */
  more: boolean;
}

/**
 * Finds stored papers for what a person typed: the archive's search box, and any picker of papers
 * (an arXiv id or URL pasted on its own finds that paper).
 *
 * @example const { papers, more } = await findPapers(store.papers, 'conformal prediction', { limit: 20 });
 */
export async function findPapers(
  papers: Pick<PaperRepository, 'searchPapers'>,
  text: string,
  options: { limit?: number } = {},
): Promise<PaperSearch> {
  const limit = options.limit ?? 20;
  const query = readPaperQuery(text);
  const found = await papers.searchPapers(query, limit + 1);
  return { query, papers: found.slice(0, limit), more: found.length > limit };
}
