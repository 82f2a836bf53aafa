import { AppError } from '../errors/index.ts';

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Formats an ISO date without `Intl` or the local time zone, so output is identical on every machine.
 *
 * @example
 * formatEditionDate('2024-03-11') // { long: 'Monday, March 11, 2024', short: 'Mar 11' }
 */
export function formatEditionDate(isoDate: string): { long: string; short: string } {
  const cached = formattedDates.get(isoDate);
  if (cached) return cached;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const date = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== isoDate) {
    throw new AppError('RENDER_FAILED', `edition date must be YYYY-MM-DD, got "${isoDate}"`, {
      details: { date: isoDate },
    });
  }
  const month = months[date.getUTCMonth()] ?? '';
  const day = date.getUTCDate();
  const formatted = {
    long: `${weekdays[date.getUTCDay()]}, ${month} ${day}, ${date.getUTCFullYear()}`,
    short: `${month.slice(0, 3)} ${day}`,
  };
  // Every issue of an edition formats the same two dates; there are only ever a few thousand distinct ones.
  if (formattedDates.size >= 10_000) formattedDates.clear();
  formattedDates.set(isoDate, formatted);
  return formatted;
}

const formattedDates = new Map<string, { long: string; short: string }>();

/** When a subscriber's issues come; the same fields as a subscriber's profile. */
export interface ScheduleLabelInput {
  frequency: 'daily' | 'weekly';
  /** 0 = Sunday … 6 = Saturday; used when weekly. */
  weekday: number | null;
  hour: number;
  timezone: string;
}

/**
 * The schedule as a reader says it.
 *
 * @example
 * formatSchedule({ frequency: 'weekly', weekday: 1, hour: 7, timezone: 'Europe/Berlin' })
 * // 'every Monday at 07:00 (Europe/Berlin)'
 */
export function formatSchedule(schedule: ScheduleLabelInput): string {
  const day =
    schedule.frequency === 'weekly' ? `every ${weekdays[schedule.weekday ?? 1] ?? 'Monday'}` : 'every day';
  return `${day} at ${String(schedule.hour).padStart(2, '0')}:00 (${schedule.timezone})`;
}

/**
 * The calendar date of an instant in a time zone, as `YYYY-MM-DD`; an unknown zone counts as UTC.
 *
 * @example formatLocalDate(new Date('2025-12-05T23:30:00Z'), 'Europe/Berlin') // '2025-12-06'
 */
export function formatLocalDate(instant: Date, timeZone = 'UTC'): string {
  const parts = Object.fromEntries(
    findDayFormat(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

// Building an Intl.DateTimeFormat costs far more than using one, and a send run formats one date per issue.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function findDayFormat(timeZone: string): Intl.DateTimeFormat {
  const cached = dayFormats.get(timeZone);
  if (cached) return cached;
  const options = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', { ...options, timeZone });
  } catch {
    format = new Intl.DateTimeFormat('en-CA', { ...options, timeZone: 'UTC' });
  }
  // There are a few hundred zones; the bound only guards against a flood of invalid names.
  if (dayFormats.size >= 1000) dayFormats.clear();
  dayFormats.set(timeZone, format);
  return format;
}

/**
 * When the next issue comes, as a reader says it in their own zone: "today at 19:00 (UTC)",
 * "tomorrow at 07:00 (Europe/Berlin)", "on Friday at 07:00 (…)", or with the date when it is more
 * than six days away. An unknown zone counts as UTC.
 *
 * @example formatNextIssue(new Date('2025-03-12T06:00:00Z'), new Date('2025-03-11T09:00:00Z'), 'Europe/Berlin')
 * // 'tomorrow at 07:00 (Europe/Berlin)'
 */
export function formatNextIssue(slot: Date, now: Date, timeZone = 'UTC'): string {
  const zone = isKnownZone(timeZone) ? timeZone : 'UTC';
  const slotDay = formatLocalDate(slot, zone);
  const days = Math.round((Date.parse(slotDay) - Date.parse(formatLocalDate(now, zone))) / 86_400_000);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(slot);
  const weekday = weekdays[new Date(`${slotDay}T00:00:00Z`).getUTCDay()] ?? '';
  const day =
    days <= 0
      ? 'today'
      : days === 1
        ? 'tomorrow'
        : days <= 6
          ? `on ${weekday}`
          : `on ${weekday}, ${formatEditionDate(slotDay).short}`;
  return `${day} at ${time} (${zone})`;
}

function isKnownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
