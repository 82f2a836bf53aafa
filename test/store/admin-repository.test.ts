import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { cancelledReason, type Store, type Subscriber } from '../../src/store/index.ts';
import { applyOperatorAction, liftSuppression } from '../../src/subscribers/index.ts';
import { ingestSampleDigest } from '../helpers/fixtures.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../helpers/test-store.ts';
import { adminEditionDate, rejection, seedAdminEdition } from '../web/admin-fixture.ts';

const now = new Date('2025-03-11T09:00:00Z');
const config = loadConfig({ NODE_ENV: 'test', SECRET: 'store-test-secret-0123456789' });

describe.each(testBackends)('the admin read model and edition actions (%s)', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let people: Record<'ada' | 'bob' | 'cy' | 'dee' | 'eve', Subscriber>;

  beforeEach(async () => {
    database = createTestDatabase(backend);
    store = await database.open();
    await ingestSampleDigest(store, adminEditionDate, now);
    people = await seedAdminEdition(store, config, now);
  });
  afterEach(async () => {
    await store.close();
    await database.destroy();
  });

  const deliveryOf = async (who: Subscriber) => {
    const edition = await store.editions.findEdition(adminEditionDate);
    return store.editions.findDelivery(edition?.id ?? -1, who.id);
  };

  it('counts an edition by outcome, skipped deliveries split by reason', async () => {
    const { editions, total } = await store.admin.listEditions({ offset: 0, limit: 10 });
    expect(total).toBe(1);
    expect(editions[0]).toMatchObject({
      date: adminEditionDate,
      planned: 5,
      sent: 1,
      failed: 2,
      deferred: 1,
      queued: 0,
      empty: 1,
      suppressed: 0,
    });
    expect(await store.admin.countOutcomesByDay(['2025-03-10', '2025-03-11', '2025-03-12'])).toEqual([
      { day: '2025-03-10', sent: 0, failed: 0 },
      { day: '2025-03-11', sent: 1, failed: 2 },
      { day: '2025-03-12', sent: 0, failed: 0 },
    ]);
  });

  it('retries failed deliveries on the same ledger rows, once', async () => {
    const before = await deliveryOf(people.bob);
    expect(before).toMatchObject({ status: 'failed', last_response: rejection });
    const edition = await store.admin.findEdition(adminEditionDate);
    expect(await store.editions.requeueFailed(edition?.id ?? -1, now)).toBe(2);
    expect(await store.editions.requeueFailed(edition?.id ?? -1, now)).toBe(0);
    const after = await deliveryOf(people.bob);
    expect(after).toMatchObject({
      id: before?.id,
      message_id: before?.message_id,
      status: 'pending',
      attempts: 0,
    });
    // The papers are reserved again, so no other edition can promise them to bob meanwhile.
    const reserved = await store.db
      .withTables<{ sent_papers: { delivery_id: number; paper_id: string } }>()
      .selectFrom('sent_papers')
      .select('paper_id')
      .where('delivery_id', '=', after?.id ?? -1)
      .execute();
    expect(reserved.length).toBe(JSON.parse(after?.papers ?? '[]').length);
    expect(reserved.length).toBeGreaterThan(0);
    // The sent delivery is not touched, and a claim takes exactly the two retried rows.
    const claimed = await store.deliveries.claimDeliveries({ owner: 'w', limit: 10, now, leaseSeconds: 60 });
    expect(claimed.map((d) => d.subscriberId).sort()).toEqual([people.bob.id, people.cy.id].sort());
  });

  it('cancels what is not sent or in flight, and gives the papers back', async () => {
    const edition = await store.admin.findEdition(adminEditionDate);
    await store.editions.requeueFailed(edition?.id ?? -1, now);
    // bob is being sent right now: cancelling must leave his delivery alone.
    const [inFlight] = await store.deliveries.claimDeliveries({
      owner: 'w',
      limit: 1,
      now,
      leaseSeconds: 60,
    });
    expect(await store.editions.cancelUnsent(edition?.id ?? -1, cancelledReason, now)).toBe(2);
    expect((await deliveryOf(people.dee))?.status).toBe('skipped');
    expect((await deliveryOf(people.dee))?.skip_reason).toBe(cancelledReason);
    expect((await deliveryOf(people.ada))?.status).toBe('sent');
    const summary = await store.admin.findEdition(adminEditionDate);
    expect(summary).toMatchObject({ sent: 1, queued: 1, cancelled: 2, failed: 0, deferred: 0 });
    expect(inFlight).toBeDefined();
    const papers = await store.admin.countEditionPapers(edition?.id ?? -1);
    const planned = [...papers.values()].reduce((n, p) => n + p.planned, 0);
    const adaPapers = JSON.parse((await deliveryOf(people.ada))?.papers ?? '[]').length;
    const inFlightPapers = inFlight?.papers.length ?? 0;
    expect(planned).toBe(adaPapers + inFlightPapers);
  });

  it('finds subscribers by address or topic, any case, with LIKE wildcards taken literally', async () => {
    const byTopic = await store.admin.searchSubscribers('Diffusion', { offset: 0, limit: 10 });
    expect(byTopic.subscribers.map((s) => s.email)).toEqual(['cy@example.org']);
    const byAddress = await store.admin.searchSubscribers('ADA@', { offset: 0, limit: 10 });
    expect(byAddress.subscribers.map((s) => s.email)).toEqual(['ada@example.org']);
    expect((await store.admin.searchSubscribers('%', { offset: 0, limit: 10 })).subscribers).toEqual([]);
    const page = await store.admin.searchSubscribers('', { offset: 0, limit: 2 });
    expect(page).toMatchObject({ hasMore: true });
    expect(page.subscribers).toHaveLength(2);
  });

  it('suppresses, lists, and lifts back to the subscription as it was', async () => {
    await applyOperatorAction(store, people.ada, 'suppress', now);
    expect((await store.subscribers.findById(people.ada.id))?.status).toBe('suppressed');
    const { suppressions } = await store.suppressions.list({ offset: 0, limit: 10 });
    expect(suppressions).toEqual([
      { email: 'ada@example.org', reason: 'manual', source: 'admin', createdAt: now.toISOString() },
    ]);
    expect(await liftSuppression(store, 'ADA@example.org', now)).toBe(true);
    expect((await store.subscribers.findById(people.ada.id))?.status).toBe('confirmed');
    expect(await store.subscribers.isSuppressed('ada@example.org')).toBe(false);
    expect(await liftSuppression(store, 'nobody@example.org', now)).toBe(false);
  });

  it('ranks the papers readers liked and disliked', async () => {
    const [first, second] = await store.papers.listPapers({ digestDate: adminEditionDate });
    if (!first || !second) throw new Error('the sample digest has papers');
    await store.ratings.rate(people.ada.id, first.id, 'up', 'web', now);
    await store.ratings.rate(people.bob.id, first.id, 'up', 'web', now);
    await store.ratings.rate(people.cy.id, second.id, 'up', 'web', now);
    await store.ratings.rate(people.dee.id, second.id, 'down', 'web', now);
    const liked = await store.admin.listTopRatedPapers('2025-03-01', 'up', 10);
    expect(liked.map((p) => [p.paperId, p.up, p.down])).toEqual([
      [first.id, 2, 0],
      [second.id, 1, 1],
    ]);
    const disliked = await store.admin.listTopRatedPapers('2025-03-01', 'down', 10);
    expect(disliked.map((p) => p.paperId)).toEqual([second.id]);
    expect(await store.admin.listTopRatedPapers('2025-03-12', 'up', 10)).toEqual([]);
  });

  it('keeps an audit trail, newest first, a page at a time', async () => {
    for (const n of [1, 2, 3]) {
      await store.audit.record({
        actor: 'ops',
        action: 'edition.retry_failed',
        target: `edition:${n}`,
        detail: { n },
        now,
      });
    }
    const first = await store.audit.list({ offset: 0, limit: 2 });
    expect(first.hasMore).toBe(true);
    expect(first.entries.map((e) => e.target)).toEqual(['edition:3', 'edition:2']);
    expect(first.entries[0]).toMatchObject({ actor: 'ops', detail: '{"n":3}' });
    expect((await store.audit.list({ offset: 2, limit: 2 })).entries.map((e) => e.target)).toEqual([
      'edition:1',
    ]);
  });
});
