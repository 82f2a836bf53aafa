/** When a subscriber wants their issue: an hour in their time zone, daily or on one weekday. */
export interface DeliverySchedule {
  frequency: 'daily' | 'weekly';
  /** 0 = Sunday … 6 = Saturday; used when weekly. */
  weekday: number | null;
  hour: number;
  timezone: string;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a time zone. */
function wallClock(instant: number, timeZone: string) {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The offset (ms) of a time zone at an instant: local wall clock minus UTC. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant at or after `hour`:00 local time on a local date. On a spring-forward day an
 * hour that does not exist (02:00 in Berlin) moves to the first valid instant after the gap; on a
 * fall-back day an hour that exists twice resolves to its first occurrence. Either way: one slot a day.
 */
export function localSlotInstant(date: LocalDate, hour: number, timeZone: string): number {
  const naive = Date.UTC(date.year, date.month - 1, date.day, hour);
  // Try both offsets around the naive time; keep the earliest candidate whose wall clock is on that date at ≥ hour.
  const candidates = [
    offsetAt(naive - 86_400_000 / 2, timeZone),
    offsetAt(naive, timeZone),
    offsetAt(naive + 86_400_000 / 2, timeZone),
  ]
    .map((offset) => naive - offset)
    .sort((a, b) => a - b);
  for (const instant of candidates) {
    const w = wallClock(instant, timeZone);
    if (
      w.year === date.year &&
      w.month === date.month &&
      w.day === date.day &&
      w.hour === hour &&
      w.minute === 0
    )
      return instant;
  }
  // The hour falls in a DST gap: the slot is the moment the clocks jump, i.e. the first instant after it.
  for (const instant of candidates) {
    const w = wallClock(instant, timeZone);
    if (w.year === date.year && w.month === date.month && w.day === date.day && w.hour > hour) {
      return instant - w.minute * 60_000 - w.second * 1000;
    }
  }
  return candidates[1] as number;
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/**
 * The first delivery slot strictly after `after`. Pure: the scheduler passes its injected clock.
 * @example computeNextSlot({ frequency: 'daily', weekday: null, hour: 7, timezone: 'Europe/Berlin' }, now)
 */
export function computeNextSlot(schedule: DeliverySchedule, after: Date): Date {
  return new Date(firstSlot(schedule, after.getTime(), (slot) => slot > after.getTime()));
}

/**
 * The earliest slot whose delivery window (`windowMs` long) has not closed at `now`: the current
 * slot while its window is open, else the next one. A subscriber added at 07:20 with hour 7 is still
 * served today rather than tomorrow.
 */
export function computeOpenSlot(schedule: DeliverySchedule, now: Date, windowMs: number): Date {
  return new Date(firstSlot(schedule, now.getTime() - windowMs, (slot) => slot + windowMs > now.getTime()));
}

function firstSlot(schedule: DeliverySchedule, from: number, accept: (slot: number) => boolean): number {
  const start = wallClock(from, schedule.timezone);
  let date: LocalDate = { year: start.year, month: start.month, day: start.day };
  // At most 8 local days ahead covers weekly schedules; start one day back for zones ahead of UTC.
  date = addDays(date, -1);
  for (let i = 0; i < 10; i++, date = addDays(date, 1)) {
    if (schedule.frequency === 'weekly' && weekdayOf(date) !== (schedule.weekday ?? 1)) continue;
    const slot = localSlotInstant(date, schedule.hour, schedule.timezone);
    if (accept(slot)) return slot;
  }
  throw new Error('unreachable: no slot within 10 days');
}

/** The subscriber's local calendar date at an instant (YYYY-MM-DD). */
export function localDateOf(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** True when the name is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
