import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountOutboxRoutes } from '../../src/devmail/outbox-routes.ts';
import type { Store } from '../../src/store/index.ts';
import { sampleDigest } from '../helpers/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';

describe('/outbox: recent digest ingests', () => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = createTestDatabase('sqlite');
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
  });

  it('marks a date whose year is a guess from the file date, and only that one', async () => {
    const now = new Date('2025-03-11T08:00:00Z');
    for (const [path, date, dateSource] of [
      ['digests/daily.txt', '2025-03-11', 'mtime-year'],
      ['digests/2025-03-10-daily.txt', '2025-03-10', 'filename'],
    ] as const) {
      await store.papers.ingestDigest({
        path,
        contentHash: path,
        parsed: { ...sampleDigest, date, dateSource },
        now,
      });
    }
    const app = new Hono();
    mountOutboxRoutes(app, { store, newsletterName: 'Paperboy', guard: async (_c, next) => next() });
    const page = await (await app.request('/outbox')).text();
    expect(page).toContain('date 2025-03-11 (year guessed from the file date)');
    expect(page).toContain('date 2025-03-10 ·');
  });
});
