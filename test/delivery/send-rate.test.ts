import { afterEach, describe, expect, it } from 'vitest';
import { backends, openTestDatabase, type TestDatabase } from './delivery-harness.ts';

describe.each(backends)('the shared send-rate schedule on %s', (backend) => {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.cleanup();
  });

  it('hands out each slot once across concurrent processes, never banking idle time', async () => {
    const db = await openTestDatabase(backend);
    opened.push(db);
    const now = 1_700_000_000_000;
    // 20 reservations of 5 slots, 10 ms apart, racing: together they tile one second exactly.
    const starts = await Promise.all(
      Array.from({ length: 20 }, () => db.store.deliveries.reserveSendSlots('send', 5, 10, now)),
    );
    expect([...starts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => now + i * 50));
    // After a pause the schedule restarts at "now" instead of allowing a burst for the idle time.
    expect(await db.store.deliveries.reserveSendSlots('send', 1, 10, now + 60_000)).toBe(now + 60_000);
  });
});
