import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.ts';
import { subscriberFields } from '../helpers/run-captured.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';

const now = new Date('2025-03-11T08:00:00Z');
const later = new Date('2025-03-12T08:00:00Z');

describe.each(testBackends)('RatingRepository on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = createTestDatabase(backend);
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
  });

  it('keeps one vote per reader and paper: the latest wins, clear forgets it', async () => {
    const ada = await store.subscribers.insert(subscriberFields({ email: 'ada@example.org' }), {
      now,
      source: 'cli',
    });
    await store.ratings.rate(ada.id, 'arxiv:1', 'up', 'web', now);
    await store.ratings.rate(ada.id, 'arxiv:2', 'up', 'example', now);
    await store.ratings.rate(ada.id, 'arxiv:1', 'down', 'web', later);
    expect(await store.ratings.listForSubscriber(ada.id)).toEqual([
      { paperId: 'arxiv:1', vote: 'down', source: 'web', updatedAt: later.toISOString() },
      { paperId: 'arxiv:2', vote: 'up', source: 'example', updatedAt: now.toISOString() },
    ]);
    expect(await store.ratings.clear(ada.id, 'arxiv:1')).toBe(true);
    expect(await store.ratings.clear(ada.id, 'arxiv:1')).toBe(false);
    expect(await store.ratings.listIdsForSubscribers([ada.id, 999])).toEqual(
      new Map([[ada.id, { likes: ['arxiv:2'], dislikes: [] }]]),
    );
  });

  it("deletes a reader's ratings with the reader", async () => {
    const ada = await store.subscribers.insert(subscriberFields({ email: 'ada@example.org' }), {
      now,
      source: 'cli',
    });
    const bob = await store.subscribers.insert(subscriberFields({ email: 'bob@example.org' }), {
      now,
      source: 'cli',
    });
    await store.ratings.rate(ada.id, 'arxiv:1', 'up', 'web', now);
    await store.ratings.rate(bob.id, 'arxiv:1', 'down', 'web', now);
    await store.subscribers.remove(ada.id);
    expect(await store.ratings.listForSubscriber(ada.id)).toEqual([]);
    expect(await store.ratings.listForSubscriber(bob.id)).toHaveLength(1);
  });
});
