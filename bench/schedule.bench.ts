/**
 * npm run bench:schedule — one scheduler tick for a large list whose slots all fall in the same hour
 * (the worst case: everyone at 07:00 UTC), on SQLite: slot bookkeeping plus freezing the edition.
 * BENCH_SUBSCRIBERS overrides the list size (default 20,000).
 *
 * This process seeds the database; the tick runs in a fresh child process from dist/ (run `npm run
 * build` first), as `paperboy start` runs it, so its peak RSS is the tick's own and not the seeding's
 * or tsx's. The child also records how long the event loop was held (the web app shares that process).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openStore } from '../src/store/index.ts';
import { editionDate, seedSubscribers, testConfigEnv } from '../test/delivery/delivery-harness.ts';
import { formatLoad } from './lib/bench-helpers.ts';

/** The settings of test/delivery/delivery-harness.ts `createTestConfig`, as the child reads them from env. */
const tickEnv = { ...testConfigEnv, LOG_LEVEL: 'silent' };

import { createTestDatabase } from '../test/helpers/test-store.ts';

interface TickResult {
  seconds: number;
  rssBeforeMb: number;
  enqueued: number;
  due: number;
  peakRssMb: number;
  loopMaxMs: number;
  loopP99Ms: number;
}

const slot = `${editionDate}T07:00:00.000Z`;
const now = new Date(`${editionDate}T07:00:05Z`);

const count = Number(process.env.BENCH_SUBSCRIBERS ?? 20_000);
const database = createTestDatabase('sqlite');
const seeded = await database.open();
await seedSubscribers(seeded, count);
await seeded.db.updateTable('subscribers').set({ next_due_at: slot }).execute();
await seeded.close();

console.log(`load average before the tick: ${formatLoad()}`);
const tick = await runTickChild(database.url);
const store = await openStore(database.url);
const counts = await store.editions.countByStatus();
await store.close();
await database.destroy();
console.log(`subscribers due   ${count.toLocaleString('en-US')}`);
console.log(
  `tick              ${tick.seconds.toFixed(2)} s (${Math.round(count / tick.seconds).toLocaleString('en-US')} subscribers/s), enqueued ${tick.enqueued}`,
);
console.log(`deliveries        pending ${counts.pending}, skipped ${counts.skipped}`);
console.log(
  `peak RSS          ${tick.peakRssMb} MB (the tick's process from dist/; ${tick.rssBeforeMb} MB with the store open, before the tick)`,
);
console.log(`event loop held   max ${tick.loopMaxMs} ms, p99 ${tick.loopP99Ms} ms`);
console.log(`load average after the tick: ${formatLoad()}`);

/** The tick in bench/schedule-tick.js, a fresh process running dist/ as `npm start` does. */
async function runTickChild(databaseUrl: string): Promise<TickResult> {
  const env = { ...tickEnv, DATABASE_URL: databaseUrl };
  const child = spawn(process.execPath, [join(import.meta.dirname, 'schedule-tick.js')], {
    env: { ...process.env, BENCH_TICK_ENV: JSON.stringify(env), BENCH_TICK_NOW: now.toISOString() },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const result = new Promise<TickResult>((done) => child.on('message', (m) => done(m as TickResult)));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new Error(`the tick process exited with ${code}`);
  return result;
}
