/**
 * npm run bench:schedule — one scheduler tick for a large list whose slots all fall in the same hour
 * (the worst case: everyone at 07:00 UTC), on SQLite: slot bookkeeping plus freezing the edition.
 * BENCH_SUBSCRIBERS overrides the list size (default 20,000).
 */
import { loadavg } from 'node:os';
import { enqueueEdition } from '../src/delivery/index.ts';
import { runScheduleTick } from '../src/schedule/run-schedule-tick.ts';
import {
  createTestConfig,
  editionDate,
  openTestDatabase,
  seedSubscribers,
} from '../test/delivery/delivery-harness.ts';

const count = Number(process.env.BENCH_SUBSCRIBERS ?? 20_000);
const db = await openTestDatabase('sqlite');
const { store } = db;
const config = createTestConfig();
await seedSubscribers(store, count);
const slot = `${editionDate}T07:00:00.000Z`;
await store.db.updateTable('subscribers').set({ next_due_at: slot }).execute();

const now = new Date(`${editionDate}T07:00:05Z`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
console.log(`load average before the tick: ${load()}`);
const started = performance.now();
const report = await runScheduleTick({
  store,
  clock: () => now,
  owner: 'bench',
  maxCatchupHours: 24,
  logger: { info() {}, warn() {} },
  enqueue: async (date, subscriberIds, at) => {
    const result = await enqueueEdition({ store, config }, { date, subscriberIds, now: at });
    return new Set(result.enqueuedSubscriberIds);
  },
});
const seconds = (performance.now() - started) / 1000;
const counts = await store.editions.countByStatus();
await db.cleanup();
console.log(`subscribers due   ${count.toLocaleString('en-US')}`);
console.log(
  `tick              ${seconds.toFixed(2)} s (${Math.round(count / seconds).toLocaleString('en-US')} subscribers/s), enqueued ${report.enqueued}`,
);
console.log(`deliveries        pending ${counts.pending}, skipped ${counts.skipped}`);
console.log(`peak RSS          ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (seeding included)`);
console.log(`load average after the tick: ${load()}`);
