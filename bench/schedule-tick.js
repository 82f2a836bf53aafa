// The measured process of `npm run bench:schedule`: one scheduler tick, run from dist/ with plain Node
// as `npm start` runs it (no tsx, so its memory is not counted). The orchestrator
// (schedule.bench.ts) seeds the database and prints. Plain JavaScript because Node 20 cannot run
// TypeScript without a loader.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { loadConfig } = await load('config/index.js');
const { enqueueEdition } = await load('delivery/index.js');
const { runScheduleTick } = await load('schedule/run-schedule-tick.js');
const { openStore } = await load('store/index.js');

const config = loadConfig(JSON.parse(process.env.BENCH_TICK_ENV ?? '{}'));
const now = new Date(process.env.BENCH_TICK_NOW ?? '');
const store = await openStore(config.DATABASE_URL);
const rssBeforeMb = Math.round(process.resourceUsage().maxRSS / 1024);

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const matchers = new Map();
const started = performance.now();
const report = await runScheduleTick({
  store,
  clock: () => now,
  owner: 'bench',
  maxCatchupHours: 24,
  logger: { info() {}, warn() {} },
  enqueue: async (date, subscriberIds, at) => {
    const result = await enqueueEdition({ store, config }, { date, subscriberIds, now: at, matchers });
    return new Set(result.enqueuedSubscriberIds);
  },
});
const seconds = (performance.now() - started) / 1000;
loop.disable();
await store.close();
process.send({
  seconds,
  enqueued: report.enqueued,
  due: report.due,
  rssBeforeMb,
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  loopMaxMs: Math.round(loop.max / 1e6),
  loopP99Ms: Math.round(loop.percentile(99) / 1e6),
});
