import { loadConfig } from '../../src/config/index.ts';
import { enqueueEdition, type MatcherCache } from '../../src/delivery/index.ts';
import { runScheduleTick, type ScheduleTickReport } from '../../src/schedule/run-schedule-tick.ts';
import type { Store, SubscriberFields } from '../../src/store/index.ts';
import { sampleDigest } from '../helpers/fixtures.ts';
import { subscriberFields } from '../helpers/run-captured.ts';

export const silent = { info() {}, warn() {} };
const config = loadConfig({});

/** A fake clock the test moves by hand, in milliseconds. */
export function createFakeClock(start: string) {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    set: (iso: string) => {
      now = Date.parse(iso);
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Stores a digest for `date` whose papers are all new (titles carry the date), so every day has something to send. */
export async function ingestDay(store: Store, date: string, now: Date): Promise<void> {
  const papers = sampleDigest.papers.map((p) => ({
    ...p,
    id: `title:${date}-${p.id}`,
    title: `${p.title} [${date}]`,
  }));
  await store.papers.ingestDigest({
    path: `/digests/${date}.txt`,
    contentHash: `hash-${date}`,
    parsed: { format: 'text', date, dateSource: 'filename', papers, warnings: [] },
    now,
  });
}

export async function addSubscriber(
  store: Store,
  email: string,
  schedule: Partial<SubscriberFields>,
  now: Date,
) {
  return store.subscribers.insert(subscriberFields({ email, ...schedule }), { now, source: 'cli' });
}

export function tick(
  store: Store,
  clock: () => Date,
  owner = 'test-owner',
  maxCatchupHours = 24,
  pageSize?: number,
): Promise<ScheduleTickReport> {
  const matchers: MatcherCache = new Map();
  return runScheduleTick({
    store,
    clock,
    owner,
    maxCatchupHours,
    ...(pageSize ? { pageSize } : {}),
    logger: silent,
    enqueue: async (date, subscriberIds, now) => {
      const result = await enqueueEdition({ store, config }, { date, subscriberIds, now, matchers });
      return new Set(result.enqueuedSubscriberIds);
    },
  });
}

/** Every delivery row with its subscriber's address and creation time. */
export async function listIssues(store: Store) {
  const rows = await store.editions.listDeliveries();
  return rows.map((r) => ({
    email: r.email,
    createdAt: r.created_at,
    editionId: r.edition_id,
    status: r.status,
  }));
}

export function localHour(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
