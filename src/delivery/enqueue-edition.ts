import type { DeliveryDeps } from './delivery-deps.ts';
import { type MatcherCache, planEditionInPages } from './plan-edition.ts';

export interface EnqueueResult {
  editionId: number;
  date: string;
  /** New deliveries waiting to be sent. */
  pending: number;
  /** New deliveries skipped at once, by reason. */
  skipped: number;
  skipReasons: Record<string, number>;
  /** Subscribers that already had a delivery in this edition. */
  alreadyEnqueued: number;
  /** The subscribers this call gave a delivery row (pending or skipped). */
  enqueuedSubscriberIds: number[];
}

/**
 * Freezes the edition of `date` for the given subscribers (default: every confirmed one): one
 * delivery row each, holding the selected papers and a Message-ID that never changes. Idempotent:
 * calling it again, from any process, adds only subscribers that have no delivery yet.
 *
 * @example
 * await enqueueEdition(deps, { date: '2024-03-11', subscriberIds: dueNow.map((s) => s.id), now: new Date() });
 */
export async function enqueueEdition(
  deps: Pick<DeliveryDeps, 'store' | 'config'>,
  input: {
    date: string;
    subscriberIds?: readonly number[];
    now: Date;
    /** Shares matchers across calls: the scheduler passes one per tick, for all its pages. */
    matchers?: MatcherCache;
  },
): Promise<EnqueueResult> {
  const edition = await deps.store.editions.ensureEdition(input.date, input.now);
  const result: EnqueueResult = {
    editionId: edition.id,
    date: input.date,
    pending: 0,
    skipped: 0,
    skipReasons: {},
    alreadyEnqueued: 0,
    enqueuedSubscriberIds: [],
  };
  for await (const plan of planEditionInPages(deps.store, deps.config, {
    date: input.date,
    editionId: edition.id,
    ...(input.subscriberIds ? { subscriberIds: input.subscriberIds } : {}),
    ...(input.matchers ? { matchers: input.matchers } : {}),
  })) {
    await deps.store.editions.insertDeliveries(
      edition.id,
      plan.deliveries.map((d) => ({
        subscriberId: d.subscriber.id,
        email: d.subscriber.email,
        status: d.status,
        ...(d.skipReason ? { skipReason: d.skipReason } : {}),
        papers: d.papers,
        messageId: d.messageId,
      })),
      input.now,
    );
    result.alreadyEnqueued += plan.alreadyEnqueued;
    for (const d of plan.deliveries) {
      result.enqueuedSubscriberIds.push(d.subscriber.id);
      if (d.status === 'skipped') {
        result.skipped++;
        const reason = d.skipReason ?? 'skipped';
        result.skipReasons[reason] = (result.skipReasons[reason] ?? 0) + 1;
      } else {
        result.pending++;
      }
    }
  }
  return result;
}
