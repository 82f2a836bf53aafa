import type { Kysely } from 'kysely';
import { type Paper, type ParsedDigest, titleKey } from '../digest/index.ts';
import { chunk } from './chunk.ts';
import type { Database, PaperTable } from './database.ts';
import { type DigestDate, selectDigestDates } from './digest-dates.ts';
import {
  type DigestRecord,
  type IngestResult,
  type StoredPaper,
  toDigestRecord,
  toStoredPaper,
} from './paper-record.ts';
import { type PaperQuery, selectPapersByQuery } from './search-papers.ts';

export class PaperRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The successful ingest of exactly this content, if any (same bytes under any path). */
  async findDigestByHash(contentHash: string): Promise<DigestRecord | undefined> {
    const row = await this.db
      .selectFrom('digests')
      .selectAll()
      .where('content_hash', '=', contentHash)
      .where('status', '=', 'ok')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row && toDigestRecord(row);
  }

  /**
   * Stores one parsed digest atomically. Papers are matched to stored ones by arXiv id, else by
   * normalized title, so the same paper in two digests is one row that remembers its first date.
   * An earlier version of the same file is superseded: its paper list is replaced by this one.
   */
  async ingestDigest(input: {
    path: string;
    contentHash: string;
    parsed: ParsedDigest;
    now: Date;
  }): Promise<IngestResult> {
    const { parsed, now } = input;
    const date = parsed.date ?? now.toISOString().slice(0, 10);
    const stamp = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const previous = await trx
        .selectFrom('digests')
        .select('id')
        .where('path', '=', input.path)
        .where('status', '=', 'ok')
        .execute();
      if (previous.length > 0) {
        const ids = previous.map((p) => p.id);
        await trx.updateTable('digests').set({ status: 'superseded' }).where('id', 'in', ids).execute();
        await trx.deleteFrom('digest_papers').where('digest_id', 'in', ids).execute();
      }

      const existing = await this.findExisting(trx, parsed.papers);
      let newCount = 0;
      const resolvedIds: string[] = [];
      const inserts: PaperTable[] = [];
      for (const paper of parsed.papers) {
        const key = titleKey(paper.title);
        const match =
          (paper.arxivId ? existing.byArxiv.get(paper.arxivId) : undefined) ??
          [existing.byTitle.get(key)].find(
            (p) => p && (!paper.arxivId || !p.arxiv_id || p.arxiv_id === paper.arxivId),
          );
        if (match) {
          resolvedIds.push(match.id);
          const update: Partial<PaperTable> = {};
          if (date < match.first_digest_date) update.first_digest_date = date;
          // A later source that knows the arXiv id (or abstract) enriches the stored paper.
          if (paper.arxivId && !match.arxiv_id) update.arxiv_id = paper.arxivId;
          if (paper.url && !match.url) update.url = paper.url;
          if (paper.abstract && !match.abstract) update.abstract = paper.abstract;
          if (paper.authors.length > 0 && match.authors === '[]')
            update.authors = JSON.stringify(paper.authors);
          // Hugging Face knows the upvotes (and they only grow), arXiv the categories and the date.
          if (
            paper.upvotes !== undefined &&
            (match.upvotes === null || paper.upvotes > Number(match.upvotes))
          )
            update.upvotes = paper.upvotes;
          if (paper.categories.length > 0 && match.categories === '[]')
            update.categories = JSON.stringify(paper.categories);
          if (paper.publishedAt && !match.published_at) update.published_at = paper.publishedAt;
          if (Object.keys(update).length > 0) {
            await trx.updateTable('papers').set(update).where('id', '=', match.id).execute();
            Object.assign(match, update);
          }
          continue;
        }
        newCount++;
        const row: PaperTable = {
          id: paper.id,
          title_key: key,
          title: paper.title,
          abstract: paper.abstract,
          authors: JSON.stringify(paper.authors),
          url: paper.url ?? null,
          arxiv_id: paper.arxivId ?? null,
          categories: JSON.stringify(paper.categories),
          published_at: paper.publishedAt ?? null,
          upvotes: paper.upvotes ?? null,
          first_digest_date: date,
          created_at: stamp,
        };
        inserts.push(row);
        resolvedIds.push(row.id);
        existing.byTitle.set(key, row);
        if (row.arxiv_id) existing.byArxiv.set(row.arxiv_id, row);
      }
      for (const part of chunk(inserts, 50)) await trx.insertInto('papers').values(part).execute();

      const digest = await trx
        .insertInto('digests')
        .values({
          path: input.path,
          content_hash: input.contentHash,
          digest_date: date,
          format: parsed.format,
          date_source: parsed.dateSource,
          paper_count: parsed.papers.length,
          new_count: newCount,
          warnings: JSON.stringify(parsed.warnings),
          status: 'ok',
          error: null,
          ingested_at: stamp,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const links = [...new Set(resolvedIds)].map((paperId, position) => ({
        digest_id: digest.id,
        paper_id: paperId,
        position,
      }));
      for (const part of chunk(links, 300)) await trx.insertInto('digest_papers').values(part).execute();
      return { digestId: digest.id, paperCount: parsed.papers.length, newCount };
    });
  }

  /** Records a file that could not be ingested, so `status` can show it; an error never touches papers. */
  async recordFailedDigest(input: {
    path: string;
    contentHash: string;
    error: string;
    now: Date;
  }): Promise<void> {
    await this.db
      .insertInto('digests')
      .values({
        path: input.path,
        content_hash: input.contentHash,
        digest_date: null,
        format: null,
        date_source: null,
        paper_count: 0,
        new_count: 0,
        warnings: '[]',
        status: 'error',
        error: input.error,
        ingested_at: input.now.toISOString(),
      })
      .execute();
  }

  private async findExisting(trx: Kysely<Database>, papers: Paper[]) {
    const byArxiv = new Map<string, PaperTable>();
    const byTitle = new Map<string, PaperTable>();
    const arxivIds = [...new Set(papers.flatMap((p) => (p.arxivId ? [p.arxivId] : [])))];
    const keys = [...new Set(papers.map((p) => titleKey(p.title)))];
    for (const part of chunk(arxivIds)) {
      for (const row of await trx.selectFrom('papers').selectAll().where('arxiv_id', 'in', part).execute()) {
        if (row.arxiv_id) byArxiv.set(row.arxiv_id, row);
      }
    }
    for (const part of chunk(keys)) {
      for (const row of await trx.selectFrom('papers').selectAll().where('title_key', 'in', part).execute()) {
        byTitle.set(row.title_key, row);
      }
    }
    return { byArxiv, byTitle };
  }

  /** Papers of the digests of one date, in digest order; without a date, every stored paper, newest first. */
  async listPapers(options: { digestDate?: string } = {}): Promise<StoredPaper[]> {
    if (options.digestDate) {
      const rows = await this.db
        .selectFrom('digest_papers as dp')
        .innerJoin('digests as d', 'd.id', 'dp.digest_id')
        .innerJoin('papers as p', 'p.id', 'dp.paper_id')
        .selectAll('p')
        .where('d.digest_date', '=', options.digestDate)
        .where('d.status', '=', 'ok')
        .orderBy('d.id')
        .orderBy('dp.position')
        .execute();
      const seen = new Set<string>();
      return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map(toStoredPaper);
    }
    const rows = await this.db
      .selectFrom('papers')
      .selectAll()
      .orderBy('first_digest_date', 'desc')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toStoredPaper);
  }

  /**
   * Title and abstract of the most recent papers first seen before `before` (every paper without
   * it), newest first: the archive the matcher learns word statistics from.
   */
  async listArchiveTexts(options: {
    before?: string;
    limit: number;
  }): Promise<{ title: string; abstract: string }[]> {
    let query = this.db.selectFrom('papers').select(['title', 'abstract']);
    if (options.before) query = query.where('first_digest_date', '<', options.before);
    return query.orderBy('first_digest_date', 'desc').orderBy('id').limit(options.limit).execute();
  }

  /** Papers first seen in a digest dated within [from, to] (ISO dates, inclusive). */
  async listPapersFirstSeenBetween(from: string, to: string): Promise<StoredPaper[]> {
    const rows = await this.db
      .selectFrom('papers')
      .selectAll()
      .where('first_digest_date', '>=', from)
      .where('first_digest_date', '<=', to)
      .orderBy('first_digest_date')
      .orderBy('id')
      .execute();
    return rows.map(toStoredPaper);
  }

  /**
   * The latest date of an ingested digest that is not after `notAfter` (`latestAcceptedDate(now)`):
   * a row that claims a later date (stored before dates were checked, or by a wrong clock) never
   * becomes the edition and cannot pin it.
   */
  async latestDigestDate(notAfter: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('digests')
      .select('digest_date')
      .where('status', '=', 'ok')
      .where('digest_date', 'is not', null)
      .where('digest_date', '<=', notAfter)
      .orderBy('digest_date', 'desc')
      .executeTakeFirst();
    return row?.digest_date ?? undefined;
  }

  /** Dates that have at least one ingested digest, newest first (the archive). */
  listDigestDates(): Promise<DigestDate[]> {
    return selectDigestDates(this.db);
  }

  /** Most recent ingests, successful or not, for `paperboy status` and the admin view. */
  async listRecentDigests(limit = 20): Promise<DigestRecord[]> {
    const rows = await this.db.selectFrom('digests').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toDigestRecord);
  }

  /** These papers (those that exist), in no particular order. */
  async listPapersByIds(ids: string[]): Promise<StoredPaper[]> {
    const out: StoredPaper[] = [];
    for (const part of chunk(ids)) {
      const rows = await this.db.selectFrom('papers').selectAll().where('id', 'in', part).execute();
      out.push(...rows.map(toStoredPaper));
    }
    return out;
  }

  /** Papers that answer a search (see `findPapers` for what a person types), best first. */
  searchPapers(query: PaperQuery, limit: number): Promise<StoredPaper[]> {
    return selectPapersByQuery(this.db, query, limit);
  }

  async countPapers(): Promise<number> {
    const row = await this.db
      .selectFrom('papers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
