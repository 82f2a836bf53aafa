import { AppError } from '../errors/index.ts';
import type { ChangeSource, Subscriber } from '../store/index.ts';
import type { PreferencesForm } from './subscriber-form.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';
import { listVerificationKeys, type TokenPurpose, verifyToken } from './tokens.ts';

/**
 * The subscriber a signed link refers to. Throws TOKEN_INVALID / TOKEN_EXPIRED for a bad link and
 * NOT_FOUND for a subscriber that was removed.
 */
export async function findLinkedSubscriber(
  deps: SubscriptionDeps,
  token: string,
  purpose: TokenPurpose,
): Promise<Subscriber> {
  const claims = verifyToken(listVerificationKeys(deps.config), token, purpose, deps.clock());
  const subscriber = await deps.store.subscribers.findByPublicId(claims.subject);
  if (!subscriber) throw new AppError('NOT_FOUND', 'this subscription no longer exists');
  return subscriber;
}

/**
 * Saves the preferences form. Schedule fields are written only when they change: the repository
 * clears the next-due time whenever one is written, and an unchanged schedule must keep its slot.
 */
export async function updatePreferences(
  deps: SubscriptionDeps,
  subscriber: Subscriber,
  form: PreferencesForm,
  source: ChangeSource,
): Promise<Subscriber> {
  return deps.store.subscribers.update(
    subscriber.id,
    {
      topics: form.topics,
      exclude: form.exclude,
      breadth: form.breadth,
      maxPapers: form.maxPapers,
      ...pickChangedSchedule(subscriber, form),
    },
    { now: deps.clock(), source, event: 'updated' },
  );
}

type Schedule = Pick<Subscriber, 'frequency' | 'weekday' | 'hour' | 'timezone'>;

/** The schedule fields of `next` that differ from the subscriber's. */
export function pickChangedSchedule(subscriber: Subscriber, next: Schedule): Partial<Schedule> {
  const changed: Partial<Schedule> = {};
  if (next.frequency !== subscriber.frequency) changed.frequency = next.frequency;
  if (next.weekday !== subscriber.weekday) changed.weekday = next.weekday;
  if (next.hour !== subscriber.hour) changed.hour = next.hour;
  if (next.timezone !== subscriber.timezone) changed.timezone = next.timezone;
  return changed;
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
    { now: deps.clock(), source, event: 'paused' },
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
    { status: 'confirmed' },
    { now: deps.clock(), source, event: subscriber.status === 'paused' ? 'resumed' : 'resubscribed' },
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
    { status: 'unsubscribed' },
    { now: deps.clock(), source, event: 'unsubscribed' },
  );
}
