import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import type { Store } from '../../src/store/index.ts';
import { createDailyOutcomesSource } from '../../src/web/daily-outcomes-cache.ts';
import { ingestSampleDigest } from '../helpers/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';
import { adminEditionDate, seedAdminEdition } from './admin-fixture.ts';

describe('the overview chart numbers', () => {
  let database: TestDatabase;
  let store: Store;
  const seededAt = new Date('2025-03-11T09:00:00Z');

  beforeEach(async () => {
    database = createTestDatabase('sqlite');
    store = await database.open();
    await ingestSampleDigest(store, adminEditionDate, seededAt);
    await seedAdminEdition(
      store,
      loadConfig({ NODE_ENV: 'test', SECRET: 'cache-test-secret-012345' }),
      seededAt,
    );
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
  });

  it('counts today on every load, reuses a past day for maxAgeMs, and forgets on demand', async () => {
    let ms = 0;
    const source = createDailyOutcomesSource(store, { maxAgeMs: 1000, now: () => ms });
    const days = ['2025-03-11', '2025-03-12'];
    const today = '2025-03-12';
    expect(await source.load(days, today)).toEqual([
      { day: '2025-03-11', sent: 1, failed: 2 },
      { day: '2025-03-12', sent: 0, failed: 0 },
    ]);
    // A retry on the 12th moves the two failures off the 11th; the 12th shows it at once, the 11th later.
    const edition = await store.editions.findEdition(adminEditionDate);
    await store.editions.requeueFailed(edition?.id ?? -1, new Date('2025-03-12T08:00:00Z'));
    const claimed = await store.deliveries.claimDeliveries({
      owner: 'w',
      limit: 1,
      now: new Date('2025-03-12T08:00:00Z'),
      leaseSeconds: 60,
    });
    await store.deliveries.markSent(claimed[0]?.id ?? -1, '250 ok', new Date('2025-03-12T08:00:01Z'));
    ms = 500;
    expect(await source.load(days, today)).toEqual([
      { day: '2025-03-11', sent: 1, failed: 2 },
      { day: '2025-03-12', sent: 1, failed: 0 },
    ]);
    ms = 1501;
    expect((await source.load(days, today))[0]).toEqual({ day: '2025-03-11', sent: 1, failed: 0 });
    // The last sent delivery of the 11th is written again on the 12th: remembered until forgotten.
    await store.db
      .withTables<{ deliveries: { status: string; updated_at: string } }>()
      .updateTable('deliveries')
      .set({ updated_at: '2025-03-12T09:00:00.000Z' })
      .where('status', '=', 'sent')
      .where('updated_at', '<', '2025-03-12')
      .execute();
    ms = 1600;
    expect((await source.load(days, today))[0]).toEqual({ day: '2025-03-11', sent: 1, failed: 0 });
    source.forget();
    expect((await source.load(days, today))[0]).toEqual({ day: '2025-03-11', sent: 0, failed: 0 });
  });
});
