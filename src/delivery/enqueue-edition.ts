import type { DeliveryDeps } from './delivery-deps.ts';
import { planEdition } from './plan-edition.ts';

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
  input: { date: string; subscriberIds?: readonly number[]; now: Date },
): Promise<EnqueueResult> {
  const edition = await deps.store.deliveries.ensureEdition(input.date, input.now);
  const plan = await planEdition(deps.store, deps.config, {
    date: input.date,
    editionId: edition.id,
    ...(input.subscriberIds ? { subscriberIds: input.subscriberIds } : {}),
  });
  await deps.store.deliveries.insertDeliveries(
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
  const skipReasons: Record<string, number> = {};
  for (const d of plan.deliveries) {
    if (d.skipReason) skipReasons[d.skipReason] = (skipReasons[d.skipReason] ?? 0) + 1;
  }
  const skipped = plan.deliveries.filter((d) => d.status === 'skipped').length;
  return {
    editionId: edition.id,
    date: input.date,
    pending: plan.deliveries.length - skipped,
    skipped,
    skipReasons,
    alreadyEnqueued: plan.alreadyEnqueued,
  };
}
