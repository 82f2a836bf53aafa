import { AppError } from '../errors/index.ts';
import type { ChangeSource, Subscriber } from '../store/index.ts';
import { sendWelcomeEmail } from './send-subscriber-emails.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';
import { listVerificationKeys, verifyToken } from './tokens.ts';

const dayMs = 86_400_000;

export interface ConfirmResult {
  subscriber: Subscriber;
  /** False when the link had been used before: confirming twice is harmless. */
  changed: boolean;
}

/** What a confirmation link leads to: its subscriber, and whether the subscription is already active. */
export interface ConfirmLink {
  subscriber: Subscriber;
  /** Confirmed (or paused since): confirming again changes nothing. */
  active: boolean;
}

/**
 * Checks a double opt-in link without changing anything, for the page a GET shows: mail scanners
 * fetch links, so only the button's POST may confirm. Throws TOKEN_INVALID / TOKEN_EXPIRED for a bad
 * link, NOT_FOUND for a removed subscriber, SUBSCRIBER_INVALID for a suppressed address, and
 * TOKEN_EXPIRED for a link mailed before the address unsubscribed (an old email cannot undo a later
 * "unsubscribe").
 *
 * @example const { subscriber, active } = await inspectConfirmLink(deps, token)
 */
export async function inspectConfirmLink(deps: SubscriptionDeps, token: string): Promise<ConfirmLink> {
  const claims = verifyToken(listVerificationKeys(deps.config), token, 'confirm', deps.clock());
  const subscriber = await deps.store.subscribers.findByPublicId(claims.subject);
  if (!subscriber) throw new AppError('NOT_FOUND', 'this subscription no longer exists');
  if (subscriber.status === 'confirmed' || subscriber.status === 'paused')
    return { subscriber, active: true };
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
  return { subscriber, active: false };
}

/**
 * Activates a subscription from the double opt-in link (the POST of the confirmation page) and sends
 * the welcome email. A paused subscriber stays paused (they chose that after confirming). The link is
 * checked as `inspectConfirmLink` does.
 *
 * @example const { subscriber } = await confirmSubscription(deps, token)
 */
export async function confirmSubscription(deps: SubscriptionDeps, token: string): Promise<ConfirmResult> {
  const { subscriber, active } = await inspectConfirmLink(deps, token);
  if (active) return { subscriber, changed: false };
  const { subscriber: confirmed } = await activateSubscription(deps, subscriber, 'email');
  return { subscriber: confirmed, changed: true };
}

/**
 * Confirms a subscriber and welcomes them, the same way for a clicked link and for an operator's
 * `subscribers add --confirmed`: the subscriber is due at once, so the scheduler's next tick sends
 * them the latest edition, and a welcome email goes out when there is a mailer to send it.
 *
 * @example const { welcome } = await activateSubscription(deps, subscriber, 'cli')
 */
export async function activateSubscription(
  deps: Omit<SubscriptionDeps, 'mailer'> & { mailer?: SubscriptionDeps['mailer'] },
  subscriber: Subscriber,
  source: ChangeSource,
): Promise<{ subscriber: Subscriber; welcome: 'sent' | 'failed' | 'no-mailer' }> {
  const confirmed = await deps.store.subscribers.update(
    subscriber.id,
    { status: 'confirmed' },
    { now: deps.clock(), source, event: 'confirmed' },
  );
  if (!deps.mailer) return { subscriber: confirmed, welcome: 'no-mailer' };
  try {
    await sendWelcomeEmail({ ...deps, mailer: deps.mailer }, confirmed);
    return { subscriber: confirmed, welcome: 'sent' };
  } catch (error) {
    // The subscription is active either way; a lost welcome email must not turn the click into an error.
    deps.logger?.warn({ err: error, subscriber: confirmed.publicId }, 'welcome email failed');
    return { subscriber: confirmed, welcome: 'failed' };
  }
}
