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
  return {
    long: `${weekdays[date.getUTCDay()]}, ${month} ${day}, ${date.getUTCFullYear()}`,
    short: `${month.slice(0, 3)} ${day}`,
  };
}
