import { afterEach, describe, expect, it } from 'vitest';
import { enqueueEdition } from '../../src/delivery/index.ts';
import { postgresUrl } from '../helpers/test-store.ts';
import {
  type CliProcess,
  createTestConfig,
  editionDate,
  openTestDatabase,
  seedSubscribers,
  spawnPaperboy,
  startSmtpSink,
  waitFor,
} from './delivery-harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!postgresUrl)('paperboy worker on PostgreSQL', () => {
  it('three workers share an edition; one SIGKILLed loses nothing and doubles at most its in-flight', async () => {
    const db = await openTestDatabase('postgres');
    cleanups.push(db.cleanup);
    // A little latency per message, like a real relay, keeps all three workers busy until the kill.
    const sink = await startSmtpSink({ delayMs: 5 });
    cleanups.push(sink.close);
    const emails = await seedSubscribers(db.store, 3000);
    const config = createTestConfig();
    const { pending } = await enqueueEdition(
      { store: db.store, config },
      { date: editionDate, now: new Date() },
    );
    expect(pending).toBe(3000);

    const env = { DATABASE_URL: db.url, SMTP_URL: sink.url, SMTP_POOL_SIZE: '3', LEASE_SECONDS: '30' };
    const workers: CliProcess[] = [0, 1, 2].map(() => spawnPaperboy(['worker'], env));
    cleanups.push(async () => {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    });
    await waitFor(() => sink.messages.length >= 900, 90_000);
    const [victim, ...survivors] = workers as [CliProcess, ...CliProcess[]];
    victim.child.kill('SIGKILL');
    await victim.exited;
    const atKill = sink.messages.length;

    await waitFor(async () => (await db.store.editions.countByStatus()).sent === 3000, 90_000);
    for (const w of survivors) w.child.kill('SIGTERM');
    expect(await Promise.all(survivors.map((w) => w.exited))).toEqual([0, 0]);

    const counts = sink.countByRecipient();
    const missed = emails.filter((email) => !counts.has(email));
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const recovered = (await db.store.editions.listDeliveries()).filter((d) => d.expired_leases > 0).length;
    console.log(
      `[postgres] 3 workers, one SIGKILLed after ${atKill} messages: missed ${missed.length}, duplicates ${duplicates}, expired leases taken over ${recovered}`,
    );
    expect(missed).toEqual([]);
    // The killed worker had at most pool-size messages inside an SMTP transaction.
    expect(duplicates).toBeLessThanOrEqual(3);
    const totals = await db.store.editions.countByStatus();
    expect(totals).toMatchObject({ sent: 3000, sending: 0, pending: 0 });
  }, 180_000);
});
