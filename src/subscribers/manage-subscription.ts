import { AppError } from '../errors/index.ts';
import type { ChangeSource, Subscriber } from '../store/index.ts';
import type { PreferencesForm } from './subscriber-form.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';
import { type TokenPurpose, verifyToken } from './tokens.ts';

/**
 * The subscriber a signed link refers to. Throws TOKEN_INVALID / TOKEN_EXPIRED for a bad link and
 * NOT_FOUND for a subscriber that was removed.
 */
export async function findLinkedSubscriber(
  deps: SubscriptionDeps,
  token: string,
  purpose: TokenPurpose,
): Promise<Subscriber> {
  const claims = verifyToken(deps.config.SECRET, token, purpose, deps.now());
  const subscriber = await deps.store.subscribers.findByPublicId(claims.subject);
  if (!subscriber) throw new AppError('NOT_FOUND', 'this subscription no longer exists');
  return subscriber;
}

/**
 * Saves the preferences form. A changed schedule clears the stored next-due time so the scheduler
 * computes it afresh from the new frequency, hour and time zone.
 */
export async function updatePreferences(
  deps: SubscriptionDeps,
  subscriber: Subscriber,
  form: PreferencesForm,
  source: ChangeSource,
): Promise<Subscriber> {
  const scheduleChanged =
    form.frequency !== subscriber.frequency ||
    form.weekday !== subscriber.weekday ||
    form.hour !== subscriber.hour ||
    form.timezone !== subscriber.timezone;
  return deps.store.subscribers.update(
    subscriber.id,
    {
      topics: form.topics,
      exclude: form.exclude,
      breadth: form.breadth,
      maxPapers: form.maxPapers,
      frequency: form.frequency,
      weekday: form.weekday,
      hour: form.hour,
      timezone: form.timezone,
      ...(scheduleChanged ? { nextDueAt: null } : {}),
    },
    { now: deps.now(), source, event: 'updated' },
  );
}

/** Stops issues without leaving; only a confirmed subscription can be paused. */
export async function pauseSubscription(
  deps: SubscriptionDeps,
  subscriber: Subscriber,
  source: ChangeSource,
): Promise<Subscriber> {
  if (subscriber.status !== 'confirmed') return subscriber;
  return deps.store.subscribers.update(
    subscriber.id,
    { status: 'paused' },
    { now: deps.now(), source, event: 'paused' },
  );
}

/**
 * Restarts issues for a paused or unsubscribed subscriber. Reached only through a manage link from
 * an email, which proves control of the address, so no new opt-in is needed. Suppressed addresses
 * (bounces, complaints) stay suppressed.
 */
export async function resumeSubscription(
  deps: SubscriptionDeps,
  subscriber: Subscriber,
  source: ChangeSource,
): Promise<Subscriber> {
  if (subscriber.status !== 'paused' && subscriber.status !== 'unsubscribed') return subscriber;
  return deps.store.subscribers.update(
    subscriber.id,
    { status: 'confirmed', nextDueAt: null },
    { now: deps.now(), source, event: subscriber.status === 'paused' ? 'resumed' : 'resubscribed' },
  );
}

/** Takes effect at once and is idempotent, as RFC 8058 one-click requires. */
export async function unsubscribeSubscriber(
  deps: SubscriptionDeps,
  subscriber: Subscriber,
  source: ChangeSource,
): Promise<Subscriber> {
  if (subscriber.status === 'unsubscribed' || subscriber.status === 'suppressed') return subscriber;
  return deps.store.subscribers.update(
    subscriber.id,
    { status: 'unsubscribed', nextDueAt: null },
    { now: deps.now(), source, event: 'unsubscribed' },
  );
}
