/**
 * npm run bench:schedule — one scheduler tick for a large list whose slots all fall in the same hour
 * (the worst case: everyone at 07:00 UTC), on SQLite: slot bookkeeping plus freezing the edition.
 * BENCH_SUBSCRIBERS overrides the list size (default 20,000).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { enqueueEdition } from '../src/delivery/index.ts';
import { parseDigest } from '../src/digest/index.ts';
import { runScheduleTick } from '../src/schedule/run-schedule-tick.ts';
import { openStore } from '../src/store/index.ts';

const count = Number(process.env.BENCH_SUBSCRIBERS ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-schedule-'));
const store = await openStore(join(dir, 'bench.db'));
const config = loadConfig({});
const samplePath = join(import.meta.dirname, '..', 'seeds', 'daily-papers-mar-11.txt');
const parsed = parseDigest({ bytes: readFileSync(samplePath), fileName: '2025-03-11-daily.txt' });
await store.papers.ingestDigest({ path: samplePath, contentHash: 'sample', parsed, now: new Date() });

const topics = [
  ['conformal prediction'],
  ['RLHF', 'reward models'],
  ['algorithmic fairness'],
  ['causal inference'],
  ['diffusion models'],
];
const stamp = '2025-03-01T00:00:00.000Z';
const rows = Array.from({ length: count }, (_, i) => ({
  public_id: randomBytes(12).toString('base64url'),
  email: `reader${i}@example.org`,
  status: 'confirmed',
  topics: JSON.stringify(topics[i % topics.length]),
  exclude: '[]',
  breadth: 'balanced',
  max_papers: 10,
  frequency: 'daily',
  weekday: null,
  hour: 7,
  timezone: 'UTC',
  created_at: stamp,
  updated_at: stamp,
  confirmed_at: stamp,
  unsubscribed_at: null,
  last_issue_at: null,
  next_due_at: '2025-03-11T07:00:00.000Z',
}));
for (let i = 0; i < rows.length; i += 500)
  await store.db
    .insertInto('subscribers')
    .values(rows.slice(i, i + 500))
    .execute();

const now = new Date('2025-03-11T07:00:05Z');
const started = performance.now();
const report = await runScheduleTick({
  store,
  clock: () => now,
  holder: 'bench',
  maxCatchupHours: 24,
  logger: { info() {}, warn() {} },
  enqueue: async (date, subscriberIds, at) => {
    await enqueueEdition({ store, config }, { date, subscriberIds, now: at });
  },
});
const seconds = (performance.now() - started) / 1000;
const counts = await store.deliveries.countByStatus();
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(`subscribers due   ${count.toLocaleString('en-US')}`);
console.log(
  `tick              ${seconds.toFixed(2)} s (${Math.round(count / seconds).toLocaleString('en-US')} subscribers/s), enqueued ${report.enqueued}`,
);
console.log(`deliveries        pending ${counts.pending}, skipped ${counts.skipped}`);
console.log(`peak RSS          ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
