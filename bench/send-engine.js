// The measured process of `npm run bench:send`: the send engine and the web app in one process, run
// from dist/ with plain Node, as `npm start` runs them (no tsx, so its memory is not counted). The
// orchestrator (send.bench.ts) seeds the database, asks the web app for pages meanwhile, and prints.
// Plain JavaScript because Node 20 cannot run TypeScript without a loader.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { loadConfig } = await load('config/index.js');
const { createConfiguredRenderer, enqueueEdition, runDeliveries } = await load('delivery/index.js');
const { SmtpMailer } = await load('mail/index.js');
const { loadTemplates } = await load('render/index.js');
const { openStore } = await load('store/index.js');
const { createWebApp, startWebServer } = await load('web/index.js');

const env = JSON.parse(process.env.BENCH_ENGINE_ENV ?? '{}');
const config = loadConfig(env);
const date = process.env.BENCH_EDITION_DATE;
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const templates = await loadTemplates();
const store = await openStore(config.DATABASE_URL);
const mailer = new SmtpMailer({ url: config.SMTP_URL, poolSize: config.SMTP_POOL_SIZE });
const renderer = createConfiguredRenderer(config);
const deps = { store, mailer, config, clock: () => new Date(), templates, ...(renderer ? { renderer } : {}) };
const web = await startWebServer(createWebApp(deps), { host: '127.0.0.1', port: 0 });
const go = new Promise((done) => process.once('message', done));
process.send({ webUrl: web.url });
await go;
// Let the other process take a few samples of the idle app first.
await new Promise((done) => setTimeout(done, 300));

const whole = monitorEventLoopDelay({ resolution: 10 });
const freezing = monitorEventLoopDelay({ resolution: 10 });
const sending = monitorEventLoopDelay({ resolution: 10 });
whole.enable();
freezing.enable();
const rssBeforeMb = peakRssMb();
// Where the memory is at its highest: V8's heap, buffers outside it, or native (SQLite, the runtime).
const mb = (bytes) => Math.round(bytes / 1048576);
const memoryPeaks = { heapUsedMb: 0, externalMb: 0, nativeMb: 0, freezeHeapUsedMb: 0 };
let freezingNow = true;
const sampleMemory = () => {
  const m = process.memoryUsage();
  memoryPeaks.heapUsedMb = Math.max(memoryPeaks.heapUsedMb, mb(m.heapUsed));
  if (freezingNow) memoryPeaks.freezeHeapUsedMb = Math.max(memoryPeaks.freezeHeapUsedMb, mb(m.heapUsed));
  memoryPeaks.externalMb = Math.max(memoryPeaks.externalMb, mb(m.external));
  memoryPeaks.nativeMb = Math.max(memoryPeaks.nativeMb, mb(m.rss - m.heapTotal - m.external));
};
const memorySampler = setInterval(sampleMemory, 250);
const freezeStart = performance.now();
await enqueueEdition(deps, { date, now: new Date() });
const freezeMs = Math.round(performance.now() - freezeStart);
// A freeze that never yields leaves its delay unrecorded until the sampling timer fires: let it.
await new Promise((done) => setTimeout(done, 20));
freezing.disable();
sampleMemory();
freezingNow = false;
sending.enable();
const result = await runDeliveries(deps);
sending.disable();
whole.disable();
clearInterval(memorySampler);
sampleMemory();
await renderer?.close();
process.send({
  report: {
    sent: result.sent,
    failed: result.failed,
    rate: Math.round((result.sent * 1000) / result.elapsedMs),
    freezeMs,
    freezeLoopMaxMs: Math.round(freezing.max / 1e6),
    sendLoopMaxMs: Math.round(sending.max / 1e6),
    loopP99Ms: Math.round(whole.percentile(99) / 1e6),
    rssBeforeMb,
    peakRssMb: peakRssMb(),
    ...memoryPeaks,
    renderThreads: renderer ? config.RENDER_THREADS : 0,
  },
});
await new Promise((done) => process.once('message', done));
await web.close();
await mailer.close();
await store.close();
process.disconnect();
