import { DateTime, IANAZone } from 'luxon';

/** When a subscriber wants their issue: an hour in their time zone, daily or on one weekday. */
export interface DeliverySchedule {
  frequency: 'daily' | 'weekly';
  /** 0 = Sunday … 6 = Saturday; used when weekly. */
  weekday: number | null;
  hour: number;
  timezone: string;
}

/**
 * The slot on one local calendar date: `hour`:00 there. Luxon moves an hour that does not exist
 * (02:00 in Berlin on spring-forward day) to the moment the clocks jump; of an hour that exists
 * twice (fall-back day) we take the first occurrence. Either way: one slot a day.
 */
function slotOn(day: DateTime, hour: number): number {
  const local = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour },
    { zone: day.zone },
  );
  return Math.min(...local.getPossibleOffsets().map((candidate) => candidate.toMillis()), local.toMillis());
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
  // Start one local day back (a slot late on the previous local day can still be ahead); ten days cover a week.
  let day = DateTime.fromMillis(from, { zone: schedule.timezone }).startOf('day').minus({ days: 1 });
  for (let i = 0; i < 10; i++, day = day.plus({ days: 1 })) {
    // Luxon numbers weekdays 1 = Monday … 7 = Sunday; ours are 0 = Sunday … 6 = Saturday.
    if (schedule.frequency === 'weekly' && day.weekday % 7 !== (schedule.weekday ?? 1)) continue;
    const slot = slotOn(day, schedule.hour);
    if (accept(slot)) return slot;
  }
  throw new Error('unreachable: no slot within 10 days');
}

/** True when the name is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  // `create` caches one zone per name; `isValidZone` would build a new Intl formatter on every call.
  return IANAZone.create(timeZone).isValid;
}
