import { AppError } from '../errors/index.ts';
import type { Subscriber } from '../store/index.ts';
import { sendWelcomeEmail } from './send-subscriber-emails.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';
import { listVerificationKeys, verifyToken } from './tokens.ts';

const dayMs = 86_400_000;

export interface ConfirmResult {
  subscriber: Subscriber;
  /** False when the link had been used before: confirming twice is harmless. */
  changed: boolean;
}

/**
 * Activates a subscription from the double opt-in link and sends the welcome email. A paused
 * subscriber stays paused (they chose that after confirming). An unsubscribed address is
 * re-activated only by a link mailed after it unsubscribed, so an old email cannot undo a later
 * "unsubscribe".
 *
 * @example const { subscriber } = await confirmSubscription(deps, token)
 */
export async function confirmSubscription(deps: SubscriptionDeps, token: string): Promise<ConfirmResult> {
  const now = deps.clock();
  const claims = verifyToken(listVerificationKeys(deps.config), token, 'confirm', now);
  const subscriber = await deps.store.subscribers.findByPublicId(claims.subject);
  if (!subscriber) throw new AppError('NOT_FOUND', 'this subscription no longer exists');
  if (subscriber.status === 'confirmed' || subscriber.status === 'paused')
    return { subscriber, changed: false };
  if (subscriber.status === 'suppressed') {
    throw new AppError('SUBSCRIBER_INVALID', 'this address cannot receive email from us any more', {
      details: { status: subscriber.status },
    });
  }
  if (subscriber.status === 'unsubscribed' && subscriber.unsubscribedAt && claims.expiresAt !== undefined) {
    // Links carry their expiry, not their issue time; the issue time follows from the configured lifetime.
    const issuedAt = claims.expiresAt - Math.round(deps.config.CONFIRM_TOKEN_DAYS * dayMs);
    if (issuedAt < Date.parse(subscriber.unsubscribedAt)) {
      throw new AppError('TOKEN_EXPIRED', 'this link was sent before you unsubscribed', {
        details: { purpose: 'confirm' },
      });
    }
  }
  const confirmed = await deps.store.subscribers.update(
    subscriber.id,
    { status: 'confirmed' },
    { now, source: 'email', event: 'confirmed' },
  );
  try {
    await sendWelcomeEmail(deps, confirmed);
  } catch (error) {
    // The subscription is active either way; a lost welcome email must not turn the click into an error.
    deps.logger?.warn({ err: error, subscriber: confirmed.publicId }, 'welcome email failed');
  }
  return { subscriber: confirmed, changed: true };
}
