import { afterEach, describe, expect, it } from 'vitest';
import { planEdition } from '../../src/delivery/plan-edition.ts';
import { ingestSampleDigest, sampleDigest } from '../helpers/fixtures.ts';
import { subscriberFields } from '../helpers/run-captured.ts';
import {
  backends,
  createTestConfig,
  editionDate,
  openTestDatabase,
  type TestDatabase,
} from './delivery-harness.ts';

const now = new Date('2024-03-11T06:00:00Z');
const dpo = sampleDigest.papers.find((p) => p.title.includes('Likelihood Displacement'));

describe.each(backends)("planning an edition with readers' ratings on %s", (backend) => {
  let db: TestDatabase;
  afterEach(async () => db?.cleanup());

  it('plans from example papers alone, and leaves a reader with neither topics nor likes out', async () => {
    db = await openTestDatabase(backend);
    const { store } = db;
    await ingestSampleDigest(store, editionDate, now);
    const examples = await store.subscribers.insert(
      subscriberFields({ email: 'examples@example.org', topics: [] }),
      {
        now,
        source: 'cli',
      },
    );
    await store.subscribers.insert(subscriberFields({ email: 'empty@example.org', topics: [] }), {
      now,
      source: 'cli',
    });
    await store.ratings.rate(examples.id, dpo?.id as string, 'up', 'example', now);

    const plan = await planEdition(store, createTestConfig(), { date: editionDate });
    const byEmail = new Map(plan.deliveries.map((d) => [d.subscriber.email, d]));
    const planned = byEmail.get('examples@example.org');
    expect(planned?.status).toBe('pending');
    expect(planned?.papers.length).toBeGreaterThan(0);
    expect(planned?.papers[0]?.reasons.join(' ')).toContain('that you liked');
    expect(byEmail.get('empty@example.org')).toMatchObject({
      status: 'skipped',
      skipReason: 'no matching papers',
    });
  });
});
