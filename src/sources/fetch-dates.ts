import { DateTime } from 'luxon';

const dayMs = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/**
 * The date a fetch asks for when none is given: yesterday in UTC. By then Hugging Face's list for the
 * day is complete and arXiv has announced it (20:00 New York time is 00:00 or 01:00 UTC).
 */
export function defaultFetchDate(now: Date): string {
  return addDays(now.toISOString().slice(0, 10), -1);
}

/**
 * The dates the daemon fetches for a source: every day after the last one it completed, up to
 * `latest`, at most `maxDays` of them, so a day missed while the process was down (or a source was
 * failing) is caught up. Without history, only `latest`.
 */
export function planFetchDates(lastCompleted: string | undefined, latest: string, maxDays: number): string[] {
  if (!lastCompleted || lastCompleted >= latest) return [latest];
  const dates: string[] = [];
  for (let d = latest; d > lastCompleted && dates.length < maxDays; d = addDays(d, -1)) dates.unshift(d);
  return dates;
}

export interface ArxivAnnouncement {
  /** First instant (epoch ms) of the submissions announced that day. */
  from: number;
  /** End of those submissions, exclusive: 14:00 New York time, arXiv's daily cutoff. */
  to: number;
  /** When arXiv publishes them: 20:00 New York time. */
  announcedAt: number;
}

const newYork = 'America/New_York';

/**
 * The submissions arXiv announces on the evening of `date` (New York time), per its published
 * schedule: Monday 14:00 to Tuesday 14:00 is announced Tuesday at 20:00, and so on; Thursday to
 * Friday is announced on Sunday, Friday to Monday on Monday. There is no announcement on Friday or
 * Saturday (undefined). Consecutive announcements cover every submission exactly once.
 *
 * @example
 * arxivAnnouncement('2025-03-11'); // Mon 2025-03-10 18:00Z … Tue 2025-03-11 18:00Z, announced 2025-03-12 00:00Z
 */
export function arxivAnnouncement(date: string): ArxivAnnouncement | undefined {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  const cutoff = (day: string) => nyInstant(day, 14);
  switch (weekday) {
    case 5:
    case 6:
      return undefined;
    case 0: // Sunday: Thursday 14:00 to Friday 14:00
      return {
        from: cutoff(addDays(date, -3)),
        to: cutoff(addDays(date, -2)),
        announcedAt: nyInstant(date, 20),
      };
    case 1: // Monday: Friday 14:00 to Monday 14:00
      return { from: cutoff(addDays(date, -3)), to: cutoff(date), announcedAt: nyInstant(date, 20) };
    default:
      return { from: cutoff(addDays(date, -1)), to: cutoff(date), announcedAt: nyInstant(date, 20) };
  }
}

/** `hour`:00 New York time on `date` (14:00 and 20:00 never fall in a DST change there). */
function nyInstant(date: string, hour: number): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return DateTime.fromObject({ year, month, day, hour }, { zone: newYork }).toMillis();
}

/** `YYYYMMDDHHMM` in UTC (GMT), the form of the arXiv API's `submittedDate` ranges. */
export function arxivTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-T:]/g, '');
}
