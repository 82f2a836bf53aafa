import type { Store, Subscriber } from '../store/index.ts';

/** What the operator can do to one subscriber from /admin; each is confirmed first and audited by the caller. */
export type OperatorAction = 'suppress' | 'unsuppress' | 'delete';
export const operatorActions: readonly OperatorAction[] = ['suppress', 'unsuppress', 'delete'];

/** The reason a suppression added by hand carries on the list. */
export const manualSuppressionReason = 'manual';

/**
 * Carries out an operator action. Suppress puts the address on the suppression list (nothing more is
 * sent to it); unsuppress lifts it and restores the subscription as it was before (confirmed when
 * they had confirmed, else pending); delete removes the subscriber and their ratings, and the consent
 * record keeps a `removed` event. Returns what changed, for the audit trail.
 */
export async function applyOperatorAction(
  store: Store,
  subscriber: Subscriber,
  action: OperatorAction,
  now: Date,
): Promise<{ changed: boolean; status?: string }> {
  switch (action) {
    case 'suppress': {
      const already = await store.subscribers.isSuppressed(subscriber.email);
      await store.subscribers.suppress(subscriber.email, manualSuppressionReason, 'admin', now);
      return { changed: !already, status: 'suppressed' };
    }
    case 'unsuppress': {
      const lifted = await store.suppressions.lift(subscriber.email);
      if (subscriber.status !== 'suppressed') return { changed: lifted, status: subscriber.status };
      const status = subscriber.confirmedAt ? 'confirmed' : 'pending';
      await store.subscribers.update(
        subscriber.id,
        { status },
        { now, source: 'admin', event: 'unsuppressed' },
      );
      return { changed: true, status };
    }
    case 'delete': {
      await store.subscribers.recordEvent(subscriber, 'removed', 'admin', now);
      await store.subscribers.remove(subscriber.id);
      return { changed: true };
    }
  }
}

/** Lifts a suppression from the list page: the address, and its subscriber if there is one. */
export async function liftSuppression(store: Store, email: string, now: Date): Promise<boolean> {
  const subscriber = await store.subscribers.findByEmail(email);
  if (subscriber) return (await applyOperatorAction(store, subscriber, 'unsuppress', now)).changed;
  return store.suppressions.lift(email);
}
