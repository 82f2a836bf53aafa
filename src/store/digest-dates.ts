import type { Kysely } from 'kysely';
import type { DateSource } from '../digest/index.ts';
import type { Database } from './database.ts';

/** An archive edition: its date, how many papers it holds, and whether its year is a guess. */
export interface DigestDate {
  date: string;
  paperCount: number;
  /**
   * Every digest of the date took its year from the file's modification time (a text digest that
   * says "Mar 11"), so a year shown with it would be a guess.
   */
  yearGuessed: boolean;
}

/** Date sources whose year came from a file's modification time. */
const guessedDateSources: DateSource[] = ['mtime-year', 'mtime'];

/** True when a digest's year is a guess from its file's modification time. */
export function isYearGuessed(dateSource: string | null): boolean {
  return (guessedDateSources as (string | null)[]).includes(dateSource);
}

/** Dates that have at least one ingested digest, newest first, with their paper counts. */
export async function selectDigestDates(db: Kysely<Database>): Promise<DigestDate[]> {
  const rows = await db
    .selectFrom('digests as d')
    .innerJoin('digest_papers as dp', 'dp.digest_id', 'd.id')
    .select(['d.digest_date', (eb) => eb.fn.count<number>('dp.paper_id').distinct().as('paper_count')])
    .where('d.status', '=', 'ok')
    .groupBy('d.digest_date')
    .orderBy('d.digest_date', 'desc')
    .execute();
  const certain = await db
    .selectFrom('digests')
    .select('digest_date')
    .distinct()
    .where('status', '=', 'ok')
    .where((eb) => eb.or([eb('date_source', 'is', null), eb('date_source', 'not in', guessedDateSources)]))
    .execute();
  const known = new Set(certain.map((r) => r.digest_date));
  return rows.flatMap((r) =>
    r.digest_date
      ? [{ date: r.digest_date, paperCount: Number(r.paper_count), yearGuessed: !known.has(r.digest_date) }]
      : [],
  );
}
