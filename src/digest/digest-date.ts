const dayMs = 86_400_000;

/**
 * Whether `iso` is `YYYY-MM-DD` and names a day that exists ("2025-02-30" and "2025-99-99" do not).
 * The one check for every date a digest claims: its file name, its content and its mtime.
 *
 * @example isCalendarDate('2024-02-29') // true
 */
export function isCalendarDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * The latest digest date accepted at `now`: today in UTC plus one day, which covers every time
 * zone (at most UTC+14) and a clock that runs a little fast. Anything later is a claim, not a date.
 *
 * @example latestAcceptedDate(new Date('2025-03-11T23:00:00Z')) // '2025-03-12'
 */
export function latestAcceptedDate(now: Date): string {
  return new Date(now.getTime() + dayMs).toISOString().slice(0, 10);
}

/** A date a digest claims, checked: the calendar day as written, and the instant as an ISO timestamp (UTC). */
export type ContentDate = { day: string; utc: string } | { problem: string };

/** No date format needs more; longer values are not read at all. */
const maxDateLength = 64;

// RFC 3339 / ISO 8601 as Atom, dc:date and JSON digests write it. Every part has a fixed length,
// so the pattern is linear.
const isoDate =
  /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
// RFC 822 / 1123 as RSS writes it: "Mon, 11 Mar 2024 00:00:00 GMT".
const rfc822Date =
  /^(?:[a-z]{3},\s{0,3})?(\d{1,2})\s{1,3}([a-z]{3})\s{1,3}(\d{4})\s{1,3}(\d{2}):(\d{2})(?::(\d{2}))?(?:\s{0,3}(?:[a-z]{1,5}|[+-]\d{4}))?$/i;
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Reads a date from digest content (a paper's published date): ISO 8601 or RFC 822, a day that
 * exists, a valid time of day, and not after `latestAcceptedDate(now)`. Other formats are refused
 * rather than guessed: `Date.parse` turns "Feb 30" into March 2. A time without a zone is UTC, so
 * the result never depends on the machine's time zone.
 *
 * @example readContentDate('2025-02-30', now) // { problem: 'is not a real date' }
 */
export function readContentDate(raw: string, now: Date): ContentDate {
  const value = raw.trim();
  if (value.length > maxDateLength) return { problem: `is ${value.length} characters long` };
  let day: string;
  let instant: string;
  const iso = isoDate.exec(value);
  const rfc = iso ? null : rfc822Date.exec(value);
  if (iso) {
    const [, date, hours, minutes, seconds, fraction, zone] = iso as unknown as (string | undefined)[];
    day = date as string;
    if (!isCalendarDate(day)) return { problem: 'is not a real date' };
    if (!validTime(hours, minutes, seconds)) return { problem: 'is not a real time' };
    const offset =
      !zone || zone.toUpperCase() === 'Z'
        ? 'Z'
        : zone.length === 3
          ? `${zone}:00`
          : zone.length === 5
            ? `${zone.slice(0, 3)}:${zone.slice(3)}`
            : zone;
    instant = hours
      ? `${day}T${hours}:${minutes}:${seconds ?? '00'}${fraction ?? ''}${offset}`
      : `${day}T00:00:00Z`;
  } else if (rfc) {
    const [, dayOfMonth, monthName, year, hours, minutes, seconds] = rfc as unknown as (string | undefined)[];
    const month = months.indexOf((monthName as string).toLowerCase()) + 1;
    if (month === 0) return { problem: 'is not a date' };
    day = `${year}-${String(month).padStart(2, '0')}-${(dayOfMonth as string).padStart(2, '0')}`;
    if (!isCalendarDate(day)) return { problem: 'is not a real date' };
    if (!validTime(hours, minutes, seconds)) return { problem: 'is not a real time' };
    instant = value;
  } else {
    return { problem: 'is not an ISO 8601 or RFC 822 date' };
  }
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return { problem: 'is not a date' };
  const utc = new Date(ms).toISOString();
  const latest = latestAcceptedDate(now);
  if (day > latest || utc.slice(0, 10) > latest) return { problem: 'is in the future' };
  return { day, utc };
}

function validTime(hours?: string, minutes?: string, seconds?: string): boolean {
  return (
    (hours === undefined || Number(hours) <= 23) &&
    (minutes === undefined || Number(minutes) <= 59) &&
    (seconds === undefined || Number(seconds) <= 59)
  );
}
