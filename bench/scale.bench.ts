/**
 * npm run bench:scale — 1, 2 and 4 `paperboy worker` processes on one PostgreSQL against an SMTP
 * server that takes ~20 ms per message, like a real relay. Prints msg/s and the scaling ratio.
 * BENCH_WORKERS=1,2 picks the worker counts (default 1,2,4).
 * Needs PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
 *
 * The reference, measured first in the same run: a plain nodemailer loop in its own process, with
 * the same pool, sending ready-made 50 KB messages to the same kind of relay. It shows what the SMTP
 * exchange itself leaves of the pool's capacity (pool ÷ delay), with no ledger and no rendering.
 */
import { spawn } from 'node:child_process';
import { enqueueEdition } from '../src/delivery/index.ts';
import { SmtpMailer } from '../src/mail/index.ts';
import {
  createTestConfig,
  editionDate,
  openTestDatabase,
  seedSubscribers,
  spawnPaperboy,
  startSmtpSink,
  waitFor,
} from '../test/delivery/delivery-harness.ts';
import { formatLoad, sendPlainLoop } from './lib/bench-helpers.ts';

process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const count = Number(process.env.BENCH_MESSAGES ?? 1500);
const delayMs = 20;
const poolSize = 2;
let plainRate = 0;

if (process.env.BENCH_SCALE_ROLE === 'plain') {
  await runPlainLoop(process.env.BENCH_SMTP_URL as string);
  process.exit(0);
}

/** Ready-made messages over one pool, as many in flight as the engine keeps: the transport alone. */
async function runPlainLoop(url: string): Promise<void> {
  const mailer = new SmtpMailer({ url, poolSize });
  const line = 'A paper about large language models and reasoning.\r\n';
  const raw = Buffer.from(`Subject: bench\r\n\r\n${line.repeat(Math.ceil(51_200 / line.length))}`);
  await sendPlainLoop(mailer, {
    count,
    poolSize,
    message: (i) => ({ envelope: { from: 'bench@paperboy.example.org', to: [`r${i}@example.org`] }, raw }),
  });
  await mailer.close();
}

const capacity = (poolSize * 1000) / delayMs;
console.log(`load average at start: ${formatLoad()}`);
console.log(
  `${count} issues per run, relay delay ${delayMs} ms per message, pool ${poolSize} per worker (capacity ${capacity} msg/s per worker)`,
);
{
  const sink = await startSmtpSink({ delayMs });
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename], {
    env: { ...process.env, BENCH_SCALE_ROLE: 'plain', BENCH_SMTP_URL: sink.url },
    stdio: 'inherit',
  });
  await waitFor(() => sink.messages.length > 0, 60_000);
  const started = performance.now();
  await waitFor(() => sink.messages.length >= count, 600_000);
  const rate = (count * 1000) / (performance.now() - started);
  await new Promise((done) => child.once('exit', done));
  await sink.close();
  console.log(
    `plain nodemailer loop: ${Math.round(rate)} msg/s (${(rate / capacity).toFixed(2)} of capacity; the SMTP exchange alone)`,
  );
  plainRate = rate;
}

let baseline = 0;
for (const workers of (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number)) {
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
  const perWorker = rate / workers;
  console.log(
    `${workers} worker${workers > 1 ? 's' : ' '}: ${Math.round(rate)} msg/s  (×${(rate / baseline).toFixed(2)}; per worker ${(perWorker / capacity).toFixed(2)} of capacity, ${(perWorker / plainRate).toFixed(2)} of the plain loop)`,
  );
}
console.log(`load average at end: ${formatLoad()}`);
