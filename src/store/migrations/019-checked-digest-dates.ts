import type { Kysely } from 'kysely';
import { isCalendarDate, latestAcceptedDate, readContentDate, titleKey } from '../../digest/index.ts';
import type { Database } from '../database.ts';

const dayMs = 86_400_000;

/** The tables this migration reads, as they stood when it was written. */
interface Tables extends Database {
  editions: { id: number; digest_date: string; created_at: string };
}

/** Not a real day, or after the day after `stamp` (when the row was written): not a date to keep. */
function badDate(date: string, stamp: string): boolean {
  return !isCalendarDate(date) || date > latestAcceptedDate(new Date(stamp));
}

/**
 * Repairs what was stored before every date a digest claims was checked (issue 19): a digest dated
 * "2025-99-99" crashed send and the public pages, and one dated 2999-01-01 pinned the latest
 * edition. Such digests, the first dates of their papers and the editions made from them are
 * re-dated to the day they were written; unreadable published dates are cleared; title keys are
 * recomputed, since they now keep letters of every script (non-Latin titles used to share one key).
 */
export async function up(unknownDb: Kysely<unknown>): Promise<void> {
  const db = unknownDb as Kysely<Tables>;

  for (const digest of await db
    .selectFrom('digests')
    .select(['id', 'digest_date', 'ingested_at', 'warnings'])
    .execute()) {
    if (digest.digest_date === null || !badDate(digest.digest_date, digest.ingested_at)) continue;
    const warnings = [
      ...(JSON.parse(digest.warnings) as unknown[]),
      {
        field: 'date',
        message: `the stored date ${digest.digest_date} was not a real day or lay in the future; re-dated to the day of the ingest`,
      },
    ];
    await db
      .updateTable('digests')
      .set({
        digest_date: digest.ingested_at.slice(0, 10),
        date_source: 'none',
        warnings: JSON.stringify(warnings),
      })
      .where('id', '=', digest.id)
      .execute();
  }

  const papers = await db
    .selectFrom('papers')
    .select(['id', 'title', 'title_key', 'first_digest_date', 'published_at', 'created_at'])
    .execute();
  for (const paper of papers) {
    const update: { title_key?: string; first_digest_date?: string; published_at?: null } = {};
    const key = titleKey(paper.title);
    if (key !== paper.title_key) update.title_key = key;
    if (badDate(paper.first_digest_date, paper.created_at)) {
      const first = await db
        .selectFrom('digest_papers as dp')
        .innerJoin('digests as d', 'd.id', 'dp.digest_id')
        .select((eb) => eb.fn.min('d.digest_date').as('date'))
        .where('dp.paper_id', '=', paper.id)
        .where('d.status', '=', 'ok')
        .executeTakeFirst();
      update.first_digest_date = (first?.date as string | null) ?? paper.created_at.slice(0, 10);
    }
    if (paper.published_at && 'problem' in readContentDate(paper.published_at, new Date(paper.created_at)))
      update.published_at = null;
    if (Object.keys(update).length > 0)
      await db.updateTable('papers').set(update).where('id', '=', paper.id).execute();
  }

  // An edition keeps its deliveries; only its date moves, to the day it was made, or the latest free
  // day before (dates are unique). An earlier date only widens the next paper window of its
  // subscribers, and sent_papers still keeps every paper from reaching anyone twice.
  const editions = await db.selectFrom('editions').select(['id', 'digest_date', 'created_at']).execute();
  const taken = new Set(editions.map((e) => e.digest_date));
  for (const edition of editions) {
    if (!badDate(edition.digest_date, edition.created_at)) continue;
    let day = Date.parse(`${edition.created_at.slice(0, 10)}T00:00:00Z`);
    while (taken.has(new Date(day).toISOString().slice(0, 10))) day -= dayMs;
    const date = new Date(day).toISOString().slice(0, 10);
    taken.add(date);
    await db.updateTable('editions').set({ digest_date: date }).where('id', '=', edition.id).execute();
  }
}
