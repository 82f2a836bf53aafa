import type { Config } from '../../src/config/index.ts';
import { enqueueEdition } from '../../src/delivery/index.ts';
import type { Store, Subscriber } from '../../src/store/index.ts';

export const adminEditionDate = '2025-03-11';
export const rejection = '554 5.7.1 message rejected: policy';

/**
 * An edition of 2025-03-11 (the sample digest must be ingested) with one delivery in each state the
 * dashboard shows: ada sent, bob and cy failed (the rejection above), dee deferred, eve empty (her topic
 * matches nothing).
 */
export async function seedAdminEdition(
  store: Store,
  config: Config,
  now: Date,
): Promise<Record<'ada' | 'bob' | 'cy' | 'dee' | 'eve', Subscriber>> {
  const topics = {
    ada: ['large language models'],
    bob: ['reinforcement learning'],
    cy: ['diffusion models'],
    dee: ['conformal prediction'],
    eve: ['sea cucumber husbandry'],
  };
  const people = {} as Record<keyof typeof topics, Subscriber>;
  for (const [name, list] of Object.entries(topics) as [keyof typeof topics, string[]][]) {
    people[name] = await store.subscribers.insert(
      {
        email: `${name}@example.org`,
        status: 'confirmed',
        topics: list,
        exclude: [],
        breadth: 'balanced',
        maxPapers: 5,
        frequency: 'daily',
        weekday: null,
        hour: 7,
        timezone: 'UTC',
      },
      { now, source: 'cli' },
    );
  }
  await enqueueEdition({ store, config }, { date: adminEditionDate, now });
  const claimed = await store.deliveries.claimDeliveries({
    owner: 'fixture',
    limit: 10,
    now,
    leaseSeconds: 60,
  });
  for (const d of claimed) {
    if (d.subscriberId === people.ada.id) await store.deliveries.markSent(d.id, '250 2.0.0 queued', now);
    else if (d.subscriberId === people.dee.id)
      await store.deliveries.markDeferred(
        d.id,
        'fixture',
        '421 4.7.0 try again later',
        new Date(now.getTime() + 3_600_000),
        now,
      );
    else await store.deliveries.markFailed(d.id, 'fixture', rejection, now);
  }
  return people;
}
