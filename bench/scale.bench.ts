/**
 * npm run bench:scale — 1, 2 and 4 `paperboy worker` processes on one PostgreSQL against an SMTP
 * server that takes ~20 ms per message, like a real relay. Prints msg/s and the scaling ratio.
 * Needs PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
 */
import { enqueueEdition } from '../src/delivery/index.ts';
import {
  createTestConfig,
  editionDate,
  openTestDatabase,
  seedSubscribers,
  spawnPaperboy,
  startSmtpSink,
  waitFor,
} from '../test/delivery/delivery-harness.ts';

process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const count = Number(process.env.BENCH_MESSAGES ?? 1500);
const delayMs = 20;
const poolSize = 2;

let baseline = 0;
console.log(`${count} issues per run, relay delay ${delayMs} ms per message, pool ${poolSize} per worker`);
for (const workers of [1, 2, 4]) {
  const db = await openTestDatabase('postgres');
  const sink = await startSmtpSink({ delayMs });
  await seedSubscribers(db.store, count);
  await enqueueEdition(
    { store: db.store, config: createTestConfig() },
    { date: editionDate, now: new Date() },
  );
  const env = {
    DATABASE_URL: db.url,
    SMTP_URL: sink.url,
    SMTP_POOL_SIZE: String(poolSize),
    // BENCH_THREADS sets each worker's RENDER_THREADS (default: the engine's own).
    ...(process.env.BENCH_THREADS ? { RENDER_THREADS: process.env.BENCH_THREADS } : {}),
  };
  const procs = Array.from({ length: workers }, () => spawnPaperboy(['worker'], env));
  // Timed from the first message to the last, so process start-up does not count.
  await waitFor(() => sink.messages.length > 0, 60_000);
  const started = performance.now();
  await waitFor(() => sink.messages.length >= count, 600_000);
  const rate = (count * 1000) / (performance.now() - started);
  for (const p of procs) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => p.exited));
  await sink.close();
  await db.cleanup();
  baseline ||= rate;
  console.log(
    `${workers} worker${workers > 1 ? 's' : ' '}: ${Math.round(rate)} msg/s  (×${(rate / baseline).toFixed(2)})`,
  );
}
