import type { ChangeSource, Subscriber } from '../store/index.ts';
import { newSubscriberSettings } from './new-subscriber-settings.ts';
import { sendConfirmationEmail } from './send-subscriber-emails.ts';
import type { SubscribeForm } from './subscriber-form.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

const dayMs = 86_400_000;

/**
 * What happened to a sign-up request. The web app answers "check your inbox" for every outcome,
 * so nobody can learn from the page whether an address is known.
 */
export type SubscribeOutcome =
  /** A confirmation email went out. */
  | 'confirmation_sent'
  /** The address already had CONFIRM_EMAILS_PER_DAY confirmation emails in the last 24 hours. */
  | 'address_limited'
  /** The address bounced or complained before; it is never mailed again. */
  | 'suppressed';

/**
 * Double opt-in: records the request and mails a confirmation link. A pending subscriber's profile is
 * replaced by the latest request; a confirmed, paused or unsubscribed one is left untouched, because
 * this request is not yet proven to come from the address owner. Their link leads to the preferences
 * page, where the owner can change topics.
 *
 * @example await requestSubscription(deps, SubscribeForm.parse(body), 'web')
 */
export async function requestSubscription(
  deps: SubscriptionDeps,
  form: SubscribeForm,
  source: ChangeSource,
): Promise<SubscribeOutcome> {
  const { subscribers } = deps.store;
  const now = deps.clock();
  if (await subscribers.isSuppressed(form.email)) return 'suppressed';
  const recent = await subscribers.countEventsSince(
    form.email,
    'confirmation_sent',
    new Date(now.getTime() - dayMs),
  );
  if (recent >= deps.config.CONFIRM_EMAILS_PER_DAY) return 'address_limited';

  const subscriber = await saveRequest(deps, form, source, now);
  if (subscriber.status === 'suppressed') return 'suppressed';
  await sendConfirmationEmail(deps, subscriber);
  await subscribers.recordEvent(subscriber, 'confirmation_sent', source, now);
  return 'confirmation_sent';
}

async function saveRequest(
  deps: SubscriptionDeps,
  form: SubscribeForm,
  source: ChangeSource,
  now: Date,
): Promise<Subscriber> {
  const { subscribers } = deps.store;
  const profile = {
    topics: form.topics,
    frequency: form.frequency,
    weekday: form.weekday,
    hour: form.hour,
    timezone: form.timezone,
  };
  const existing = await subscribers.findByEmail(form.email);
  if (existing) {
    if (existing.status !== 'pending') return existing;
    // The same request again (a retried queue entry, or the form sent twice) changes nothing, so the
    // consent log keeps one "subscribed" per actual request.
    const unchanged = (Object.keys(profile) as (keyof typeof profile)[]).every(
      (key) => JSON.stringify(existing[key]) === JSON.stringify(profile[key]),
    );
    if (unchanged) return existing;
    return subscribers.update(existing.id, profile, { now, source, event: 'subscribed' });
  }
  try {
    return await subscribers.insert(
      {
        email: form.email,
        status: 'pending',
        ...newSubscriberSettings(),
        ...profile,
      },
      { now, source, event: 'subscribed' },
    );
  } catch (error) {
    // Two requests for one new address at once: the unique index lets one insert win; use its row.
    const winner = await subscribers.findByEmail(form.email);
    if (winner) return winner;
    throw error;
  }
}
