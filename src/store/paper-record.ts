import type { Selectable } from 'kysely';
import type { Paper, ParseWarning } from '../digest/index.ts';
import type { DigestTable, PaperTable } from './database.ts';
import { readJson } from './json-column.ts';

/** A stored paper, with the date of the first digest it appeared in. */
export interface StoredPaper extends Paper {
  digestDate: string;
}

export type DigestRecord = Omit<Selectable<DigestTable>, 'warnings'> & { warnings: ParseWarning[] };

export interface IngestResult {
  digestId: number;
  paperCount: number;
  newCount: number;
}

export function toDigestRecord(row: Selectable<DigestTable>): DigestRecord {
  return { ...row, warnings: readJson<ParseWarning[]>(row.warnings, []) };
}

export function toStoredPaper(row: PaperTable): StoredPaper {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: readJson<string[]>(row.authors, []),
    categories: readJson<string[]>(row.categories, []),
    digestDate: row.first_digest_date,
    ...(row.url ? { url: row.url } : {}),
    ...(row.arxiv_id ? { arxivId: row.arxiv_id } : {}),
    ...(row.published_at ? { publishedAt: row.published_at } : {}),
    ...(row.upvotes !== null ? { upvotes: Number(row.upvotes) } : {}),
  };
}
