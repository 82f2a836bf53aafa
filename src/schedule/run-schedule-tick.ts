import { latestAcceptedDate } from '../digest/digest-date.ts';
import type { DueCursor, SlotMove, Store, Subscriber } from '../store/index.ts';
import {
  computeNextSlot,
  computeOpenSlot,
  type DeliverySchedule,
  isValidTimeZone,
} from './compute-next-slot.ts';

/**
 * Enqueues the edition of `date` for these subscribers; idempotent per (subscriber, edition).
 * Resolves with the subscribers that got a delivery now (the others already had one).
 */
export type EnqueueIssues = (
  date: string,
  subscriberIds: number[],
  now: Date,
) => Promise<ReadonlySet<number>>;

export interface ScheduleLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface ScheduleTickDeps {
  store: Store;
  clock: () => Date;
  /** Identifies this process in the scheduler lease (`createLeaseOwner()`). */
  owner: string;
  enqueue: EnqueueIssues;
  maxCatchupHours: number;
  logger: ScheduleLogger;
  /** How long after a slot a late digest still goes out in that slot (default one hour). */
  windowMs?: number;
  /** Scheduler lease length; another process takes over this long after we stop renewing. */
  leaseMs?: number;
  /** Due subscribers read and moved per round (default 2,000). */
  pageSize?: number;
}

export interface ScheduleTickReport {
  /** False when another process holds the scheduler lease; nothing was done. */
  ran: boolean;
  due: number;
  /** Subscribers whose issue was enqueued in this tick. */
  enqueued: number;
  /** Slots closed without an issue (nothing new in the window, or too old to catch up). */
  closed: number;
  /** Slots computed for subscribers who had none (new, or schedule changed). */
  scheduled: number;
}

const hourMs = 3_600_000;

/**
 * One scheduler step, run every minute and once at start-up. For every confirmed subscriber whose
 * slot has come: enqueue the latest edition if they do not have it yet, then move them to their next
 * slot. A slot stays open for `windowMs` so a digest that lands a little late still goes out in it;
 * a slot missed while the process was down is caught up once, unless it is older than MAX_CATCHUP_HOURS.
 * A database lease keeps two processes from running this at the same time; the unique
 * (subscriber, edition) delivery key makes a duplicate impossible even if they did.
 */
export async function runScheduleTick(deps: ScheduleTickDeps): Promise<ScheduleTickReport> {
  const now = deps.clock();
  const windowMs = deps.windowMs ?? hourMs;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const report: ScheduleTickReport = { ran: false, due: 0, enqueued: 0, closed: 0, scheduled: 0 };
  const schedule = deps.store.schedule;
  if (!(await schedule.acquireLock('scheduler', deps.owner, now, new Date(now.getTime() + leaseMs))))
    return report;
  report.ran = true;

  let latest: string | undefined | null = null;
  // Everyone with the same hour, zone and weekday shares the next slot: compute it once per tick.
  const nextSlots = new Map<string, Date>();
  const nextSlotOf = (schedule: DeliverySchedule): Date => {
    const key = `${schedule.frequency}|${schedule.weekday}|${schedule.hour}|${schedule.timezone}`;
    let slot = nextSlots.get(key);
    if (!slot) {
      slot = computeNextSlot(schedule, now);
      nextSlots.set(key, slot);
    }
    return slot;
  };
  // Page by page, so a tick for a million due subscribers holds one page of them at a time. Those
  // with a slot come first, in (slot, id) order: a page moves its subscribers to future slots or
  // leaves them behind the cursor, so none is read twice. Then those without one: a slot computed
  // for them is handled in their own page, and the first pass is over by then.
  const limit = deps.pageSize ?? tickPageSize;
  const runPage = async (due: Subscriber[]) => {
    report.due += due.length;
    latest ??= await deps.store.papers.latestDigestDate(latestAcceptedDate(now));
    await runTickPage(deps, { now, windowMs, latest, nextSlotOf }, due, report);
  };
  let after: DueCursor | undefined;
  for (;;) {
    const due = await schedule.listDueSubscribersPage(now, { ...(after ? { after } : {}), limit });
    const last = due.at(-1);
    if (!last?.nextDueAt) break;
    after = { nextDueAt: last.nextDueAt, id: last.id };
    await runPage(due);
  }
  let afterId = 0;
  for (;;) {
    const due = await schedule.listUnscheduledSubscribersPage({ afterId, limit });
    const last = due.at(-1);
    if (!last) return report;
    afterId = last.id;
    await runPage(due);
  }
}

/**
 * Subscribers read and moved per round of a tick. Smaller pages hold the event loop for less and keep
 * the heap flatter (bench:schedule at 100,000: 10,000 a page held it up to 292 ms and peaked at 307 MB,
 * 2,000 a page 94 ms and 261 MB, in the same time).
 */
const tickPageSize = 2_000;

async function runTickPage(
  deps: ScheduleTickDeps,
  tick: {
    now: Date;
    windowMs: number;
    latest: string | undefined;
    nextSlotOf: (schedule: DeliverySchedule) => Date;
  },
  due: Subscriber[],
  report: ScheduleTickReport,
): Promise<void> {
  const { now, windowMs, latest, nextSlotOf } = tick;
  const schedule = deps.store.schedule;
  const catchupMs = deps.maxCatchupHours * hourMs;
  const toEnqueue: Subscriber[] = [];
  const moves: SlotMove[] = [];
  for (const stored of due) {
    const subscriber = withKnownTimeZone(stored, deps.logger);
    if (subscriber.nextDueAt === null) {
      // New subscriber or changed schedule: their slot today if its window is still open, else the next.
      const slot = computeOpenSlot(subscriber, now, windowMs);
      moves.push({ id: subscriber.id, expected: null, next: slot });
      report.scheduled++;
      if (slot.getTime() <= now.getTime()) toEnqueue.push({ ...subscriber, nextDueAt: slot.toISOString() });
      continue;
    }
    const slotAge = now.getTime() - Date.parse(subscriber.nextDueAt);
    if (slotAge > catchupMs) {
      deps.logger.warn(
        { event: 'schedule.slot_too_old', subscriberId: subscriber.id, slot: subscriber.nextDueAt },
        'missed delivery slot is older than MAX_CATCHUP_HOURS; skipping it',
      );
      moves.push({
        id: subscriber.id,
        expected: subscriber.nextDueAt,
        next: nextSlotOf(subscriber),
      });
      report.closed++;
      continue;
    }
    toEnqueue.push(subscriber);
  }
  // Slots computed for new subscribers are written before their issue is enqueued below, so the
  // moves that follow the enqueue can expect them.
  await schedule.setNextDue(moves.splice(0));
  if (toEnqueue.length === 0) return;

  const freshIds = latest
    ? await deps.enqueue(
        latest,
        toEnqueue.map((s) => s.id),
        now,
      )
    : new Set<number>();
  if (freshIds.size > 0) {
    deps.logger.info(
      { event: 'schedule.enqueued', date: latest, subscribers: freshIds.size },
      'issues enqueued',
    );
  }
  for (const subscriber of toEnqueue) {
    const slot = subscriber.nextDueAt as string;
    if (freshIds.has(subscriber.id)) {
      moves.push({
        id: subscriber.id,
        expected: slot,
        next: nextSlotOf(subscriber),
        lastIssueAt: now,
      });
      report.enqueued++;
    } else if (now.getTime() >= Date.parse(slot) + windowMs) {
      // The window passed with nothing new for them: no email this time.
      moves.push({ id: subscriber.id, expected: slot, next: nextSlotOf(subscriber) });
      report.closed++;
    }
  }
  await schedule.setNextDue(moves);
}

/** A zone this runtime does not know (edited by hand in the database) falls back to UTC instead of stopping the tick for everyone. */
function withKnownTimeZone(subscriber: Subscriber, logger: ScheduleLogger): Subscriber {
  if (isValidTimeZone(subscriber.timezone)) return subscriber;
  logger.warn(
    { event: 'schedule.unknown_time_zone', subscriberId: subscriber.id, timezone: subscriber.timezone },
    'unknown time zone; scheduling this subscriber in UTC',
  );
  return { ...subscriber, timezone: 'UTC' };
}
