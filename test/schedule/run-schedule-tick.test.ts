import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeNextSlot } from '../../src/schedule/compute-next-slot.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';
import {
  addSubscriber,
  createFakeClock,
  ingestDay,
  listIssues,
  localHour,
  tick,
} from './schedule-harness.ts';

const quarterHour = 15 * 60_000;

/** Runs the scheduler every 15 minutes from `from` to `to`, ingesting each day's digest at 01:00 UTC. */
async function simulate(store: Store, clock: ReturnType<typeof createFakeClock>, from: string, to: string) {
  clock.set(from);
  const end = Date.parse(to);
  while (clock.now().getTime() < end) {
    const now = clock.now();
    if (now.getUTCHours() === 1 && now.getUTCMinutes() === 0)
      await ingestDay(store, now.toISOString().slice(0, 10), now);
    await tick(store, clock.now);
    clock.advance(quarterHour);
  }
}

describe('computeNextSlot', () => {
  const berlin = { frequency: 'daily' as const, weekday: null, hour: 7, timezone: 'Europe/Berlin' };

  it('keeps 07:00 local across spring-forward and fall-back', () => {
    expect(computeNextSlot(berlin, new Date('2025-03-29T12:00:00Z')).toISOString()).toBe(
      '2025-03-30T05:00:00.000Z',
    );
    expect(computeNextSlot(berlin, new Date('2025-03-29T05:30:00Z')).toISOString()).toBe(
      '2025-03-29T06:00:00.000Z',
    );
    expect(computeNextSlot(berlin, new Date('2025-10-25T12:00:00Z')).toISOString()).toBe(
      '2025-10-26T06:00:00.000Z',
    );
  });

  it('moves an hour that does not exist to the end of the gap, and takes the first of a doubled hour', () => {
    const twoAm = { ...berlin, hour: 2 };
    expect(computeNextSlot(twoAm, new Date('2025-03-29T12:00:00Z')).toISOString()).toBe(
      '2025-03-30T01:00:00.000Z',
    );
    expect(computeNextSlot(twoAm, new Date('2025-10-25T12:00:00Z')).toISOString()).toBe(
      '2025-10-26T00:00:00.000Z',
    );
  });

  it('finds the weekday in the subscriber zone', () => {
    const mondayTokyo = { frequency: 'weekly' as const, weekday: 1, hour: 9, timezone: 'Asia/Tokyo' };
    // Monday 09:00 in Tokyo is Monday 00:00 UTC.
    expect(computeNextSlot(mondayTokyo, new Date('2025-01-01T00:00:00Z')).toISOString()).toBe(
      '2025-01-06T00:00:00.000Z',
    );
  });
});

describe.each(testBackends)('scheduler on %s (fake clock)', (backend) => {
  let database: TestDatabase;
  let store: Store;
  const clock = createFakeClock('2025-03-10T00:00:00Z');

  beforeEach(async () => {
    database = createTestDatabase(backend);
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
  });

  it('sends each subscriber one issue a day at their own hour in their own time zone', async () => {
    const start = new Date('2025-03-10T00:00:00Z');
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'];
    for (const [i, timezone] of zones.entries())
      await addSubscriber(store, `s${i}@example.com`, { timezone, hour: 7 }, start);
    await simulate(store, clock, '2025-03-10T00:00:00Z', '2025-03-14T00:00:00Z');

    const issues = await listIssues(store);
    for (const [i, timezone] of zones.entries()) {
      const mine = issues.filter((d) => d.email === `s${i}@example.com`);
      // First issue as soon as they are scheduled, then exactly one per day at 07:00–07:15 local.
      const later = mine.slice(1).map((d) => localHour(d.createdAt, timezone));
      expect(later.length).toBeGreaterThanOrEqual(2);
      for (const at of later) expect(at).toMatch(/ 07:(00|15)$/);
      const days = later.map((at) => at.slice(0, 10));
      expect(new Set(days).size).toBe(days.length);
    }
  });

  it('works through a long due list page by page: everyone once, nobody twice', async () => {
    const at = new Date('2025-03-10T01:00:00Z');
    await ingestDay(store, '2025-03-10', at);
    const emails = Array.from({ length: 13 }, (_, i) => `page${String(i).padStart(2, '0')}@example.com`);
    for (const email of emails) await addSubscriber(store, email, { timezone: 'UTC', hour: 7 }, at);
    clock.set('2025-03-10T07:05:00Z');

    const first = await tick(store, clock.now, 'test-owner', 24, 4);
    expect(first).toMatchObject({ due: 13, enqueued: 13 });
    const again = await tick(store, clock.now, 'test-owner', 24, 4);
    expect(again).toMatchObject({ due: 0, enqueued: 0 });
    expect((await listIssues(store)).map((d) => d.email).sort()).toEqual(emails);
  });

  it('pages through scheduled slots of several hours, reading each due subscriber once per tick', async () => {
    const t0 = new Date('2025-03-10T00:00:00Z');
    const emails = Array.from({ length: 13 }, (_, i) => `slot${String(i).padStart(2, '0')}@example.com`);
    for (const [i, email] of emails.entries())
      await addSubscriber(store, email, { timezone: 'UTC', hour: 5 + (i % 3) }, t0);
    clock.set(t0.toISOString());
    expect(await tick(store, clock.now, 'test-owner', 24, 4)).toMatchObject({ due: 13, scheduled: 13 });

    // 06:30, no digest yet: the 05:00 and 06:00 slots are due. The 05:00 window has passed, so those
    // close; the 06:00 ones stay open and due behind the cursor, read once each. Pages of 4 end
    // inside a slot.
    clock.set('2025-03-10T06:30:00Z');
    expect(await tick(store, clock.now, 'test-owner', 24, 4)).toMatchObject({
      due: 9,
      enqueued: 0,
      closed: 5,
    });
    // 07:05 with the digest: the 06:00 and 07:00 slots get their issue.
    clock.set('2025-03-10T07:05:00Z');
    await ingestDay(store, '2025-03-10', clock.now());
    expect(await tick(store, clock.now, 'test-owner', 24, 4)).toMatchObject({ due: 8, enqueued: 8 });
    expect(await tick(store, clock.now, 'test-owner', 24, 4)).toMatchObject({ due: 0 });
    const sent = emails.filter((_, i) => i % 3 !== 0);
    expect((await listIssues(store)).map((d) => d.email).sort()).toEqual(sent);
  });

  it('sends a weekly subscriber only on their weekday', async () => {
    await addSubscriber(
      store,
      'weekly@example.com',
      { frequency: 'weekly', weekday: 1, hour: 9, timezone: 'UTC' },
      clock.now(),
    );
    await simulate(store, clock, '2025-03-10T10:00:00Z', '2025-03-24T12:00:00Z');
    const issues = (await listIssues(store)).map((d) => d.createdAt);
    // Mondays 2025-03-17 and 2025-03-24 (the 10th's 09:00 slot had passed when they subscribed at 10:00).
    expect(issues.map((at) => at.slice(0, 13))).toEqual(['2025-03-17T09', '2025-03-24T09']);
  });

  it('sends exactly one issue on the spring-forward and fall-back days in Europe/Berlin', async () => {
    for (const [from, to] of [
      ['2025-03-28T00:00:00Z', '2025-04-01T00:00:00Z'],
      ['2025-10-24T00:00:00Z', '2025-10-28T00:00:00Z'],
    ] as const) {
      const sub = await addSubscriber(
        store,
        `berlin-${from.slice(5, 7)}@example.com`,
        { timezone: 'Europe/Berlin', hour: 7 },
        new Date(from),
      );
      await simulate(store, clock, from, to);
      const mine = (await listIssues(store)).filter((d) => d.email === sub.email);
      const localDays = mine.map((d) => localHour(d.createdAt, 'Europe/Berlin'));
      for (const at of localDays) expect(at).toMatch(/ 07:(00|15)$/);
      const days = localDays.map((at) => at.slice(0, 10));
      expect(days).toEqual([...new Set(days)]);
      expect(days.length).toBe(4);
    }
  });

  it('catches up a slot missed during downtime once, and never a slot older than MAX_CATCHUP_HOURS', async () => {
    const t0 = new Date('2025-03-10T00:00:00Z');
    await ingestDay(store, '2025-03-10', t0);
    await addSubscriber(store, 'late@example.com', { hour: 7 }, t0);
    clock.set('2025-03-10T06:00:00Z');
    await tick(store, clock.now); // schedules 07:00
    expect(await listIssues(store)).toHaveLength(0);

    // Down from 06:00 to 10:00: at start-up the missed 07:00 slot is sent, once.
    clock.set('2025-03-10T10:00:00Z');
    expect((await tick(store, clock.now)).enqueued).toBe(1);
    for (let i = 0; i < 8; i++) {
      clock.advance(quarterHour);
      await tick(store, clock.now);
    }
    expect(await listIssues(store)).toHaveLength(1);

    // Down for two days: the old slot is dropped, and the next slot sends normally.
    await ingestDay(store, '2025-03-11', clock.now());
    clock.set('2025-03-12T12:00:00Z');
    const report = await tick(store, clock.now);
    expect(report).toMatchObject({ enqueued: 0, closed: 1 });
    expect(await listIssues(store)).toHaveLength(1);
    clock.set('2025-03-13T07:00:00Z');
    await ingestDay(store, '2025-03-13', clock.now());
    expect((await tick(store, clock.now)).enqueued).toBe(1);
    expect(await listIssues(store)).toHaveLength(2);
  });

  it('keeps a slot open for a digest that lands within the hour', async () => {
    const t0 = new Date('2025-03-10T00:00:00Z');
    await addSubscriber(store, 'early@example.com', { hour: 7 }, t0);
    clock.set('2025-03-10T07:00:00Z');
    await tick(store, clock.now);
    expect(await listIssues(store)).toHaveLength(0);
    clock.set('2025-03-10T07:40:00Z');
    await ingestDay(store, '2025-03-10', clock.now());
    await tick(store, clock.now);
    expect(await listIssues(store)).toHaveLength(1);
  });

  it('two schedulers on one database never enqueue the same issue twice', async () => {
    const other = await openStore(database.url);
    try {
      const t0 = new Date('2025-03-10T00:00:00Z');
      for (let i = 0; i < 20; i++) await addSubscriber(store, `p${i}@example.com`, { hour: (i % 3) + 6 }, t0);
      clock.set('2025-03-10T00:00:00Z');
      const end = Date.parse('2025-03-13T00:00:00Z');
      let ranBoth = 0;
      while (clock.now().getTime() < end) {
        const now = clock.now();
        if (now.getUTCHours() === 1 && now.getUTCMinutes() === 0)
          await ingestDay(store, now.toISOString().slice(0, 10), now);
        // Both processes tick at the same moment: the lease lets one run; the unique delivery key is the backstop.
        const [a, b] = await Promise.all([tick(store, clock.now, 'A'), tick(other, clock.now, 'B')]);
        if (a.ran && b.ran) ranBoth++;
        clock.advance(quarterHour);
      }
      expect(ranBoth).toBe(0);
      const issues = await listIssues(store);
      const perSubscriberAndEdition = new Map<string, number>();
      for (const d of issues) {
        const key = `${d.email}/${d.editionId}`;
        perSubscriberAndEdition.set(key, (perSubscriberAndEdition.get(key) ?? 0) + 1);
      }
      expect([...perSubscriberAndEdition.values()].every((n) => n === 1)).toBe(true);
      // 20 subscribers × 3 digests.
      expect(issues).toHaveLength(60);
    } finally {
      await other.close();
    }
  });

  it('schedules a subscriber with an unknown time zone in UTC instead of failing the tick', async () => {
    const t0 = new Date('2025-03-10T00:00:00Z');
    await ingestDay(store, '2025-03-10', t0);
    const odd = await addSubscriber(store, 'odd@example.com', { hour: 7 }, t0);
    await store.db
      .updateTable('subscribers')
      .set({ timezone: 'Mars/Olympus_Mons' })
      .where('id', '=', odd.id)
      .execute();
    await addSubscriber(store, 'fine@example.com', { hour: 7 }, t0);
    clock.set('2025-03-10T07:05:00Z');
    const report = await tick(store, clock.now);
    expect(report.enqueued).toBe(2);
    expect((await listIssues(store)).map((d) => d.email).sort()).toEqual([
      'fine@example.com',
      'odd@example.com',
    ]);
  });

  it('a scheduler that died hands over after its lease expires', async () => {
    const t0 = new Date('2025-03-10T00:00:00Z');
    clock.set('2025-03-10T06:00:00Z');
    await ingestDay(store, '2025-03-10', t0);
    await addSubscriber(store, 'handover@example.com', { hour: 7 }, t0);
    expect((await tick(store, clock.now, 'A')).ran).toBe(true);
    clock.set('2025-03-10T06:01:00Z');
    expect((await tick(store, clock.now, 'B')).ran).toBe(false);
    clock.set('2025-03-10T07:05:00Z');
    expect((await tick(store, clock.now, 'B')).enqueued).toBe(1);
  });
});
