import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DeliveryDeps, enqueueEdition, runDeliveries } from '../../src/delivery/index.ts';
import { type Mailer, SmtpMailer } from '../../src/mail/index.ts';
import { type CompiledTemplates, loadTemplates } from '../../src/render/index.ts';
import {
  backends,
  createTestConfig,
  editionDate,
  openTestDatabase,
  seedSubscribers,
  startSmtpSink,
  type TestDatabase,
} from './delivery-harness.ts';

let templates: CompiledTemplates;
beforeAll(async () => {
  templates = await loadTemplates();
});

describe.each(backends)('the shared send-rate schedule on %s', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const open = async (): Promise<TestDatabase> => {
    const db = await openTestDatabase(backend);
    cleanups.push(db.cleanup);
    return db;
  };

  it('hands out each slot once across concurrent processes, never banking idle time', async () => {
    const db = await open();
    const now = 1_700_000_000_000;
    // 20 reservations of 5 slots, 10 ms apart, racing: together they tile one second exactly.
    const starts = await Promise.all(
      Array.from({ length: 20 }, () => db.store.deliveries.reserveSendSlots('send', 5, 10, now)),
    );
    expect([...starts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => now + i * 50));
    // After a pause the schedule restarts at "now" instead of allowing a burst for the idle time.
    expect(await db.store.deliveries.reserveSendSlots('send', 1, 10, now + 60_000)).toBe(now + 60_000);
  });

  it('paces two send runs together to SEND_RATE messages per second', async () => {
    const db = await open();
    const sink = await startSmtpSink();
    cleanups.push(sink.close);
    const config = createTestConfig({ SMTP_URL: sink.url, SEND_RATE: '10', SMTP_POOL_SIZE: '2' });
    await seedSubscribers(db.store, 8);
    await enqueueEdition({ store: db.store, config }, { date: editionDate, now: new Date() });
    // Each run is a separate "process" with its own connection pool; the mailer notes when a send starts.
    const sendStarts: number[] = [];
    const createDeps = (): DeliveryDeps => {
      const smtp = new SmtpMailer({ url: sink.url, poolSize: 2 });
      cleanups.push(() => smtp.close());
      const mailer: Mailer = {
        send: (message) => {
          sendStarts.push(Date.now());
          return smtp.send(message);
        },
        close: () => smtp.close(),
      };
      return { store: db.store, mailer, config, clock: () => new Date(), templates };
    };
    const started = Date.now();
    const [a, b] = await Promise.all([runDeliveries(createDeps()), runDeliveries(createDeps())]);
    expect(a.sent + b.sent).toBe(8);
    expect(sink.messages).toHaveLength(8);
    // Slot i of the shared schedule is no earlier than i × 100 ms after the first: a lower bound only,
    // so a slow machine cannot fail it (2 ms of slack for timer rounding).
    const offsets = sendStarts.sort((x, y) => x - y).map((at) => at - started);
    offsets.forEach((offset, i) => {
      expect(offset).toBeGreaterThanOrEqual(i * 100 - 2);
    });
  });
});
