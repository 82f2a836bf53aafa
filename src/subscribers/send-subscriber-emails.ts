import { composeListMessage, createMessageId, sendAccountEmail } from '../mail/index.ts';
import { readBrand, renderConfirm, renderWelcome } from '../render/index.ts';
import type { Subscriber } from '../store/index.ts';
import { buildConfirmUrl, buildSubscriberLinks } from './subscriber-links.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

/**
 * The double opt-in email: the only thing ever sent to an unconfirmed address. It carries no
 * List-Unsubscribe header because the address is not on the list yet.
 */
export async function sendConfirmationEmail(deps: SubscriptionDeps, subscriber: Subscriber): Promise<void> {
  const { config } = deps;
  const now = deps.clock();
  const email = renderConfirm(deps.templates, {
    newsletterName: config.NEWSLETTER_NAME,
    email: subscriber.email,
    confirmUrl: buildConfirmUrl(
      config.PUBLIC_URL,
      config.SECRET,
      subscriber.publicId,
      now,
      config.CONFIRM_TOKEN_DAYS,
    ),
    topics: subscriber.topics,
    expiresInDays: config.CONFIRM_TOKEN_DAYS,
    schedule: subscriber,
    postalAddress: config.POSTAL_ADDRESS,
    brand: readBrand(config),
  });
  await sendAccountEmail(deps.mailer, {
    from: config.MAIL_FROM,
    ...(config.MAIL_REPLY_TO ? { replyTo: config.MAIL_REPLY_TO } : {}),
    to: subscriber.email,
    subject: email.subject,
    html: email.html,
    text: email.text,
    date: now,
    messageId: createMessageId('confirm', config.MAIL_FROM),
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
}

/** Sent once, right after a confirmation, with the links every later issue carries too. */
export async function sendWelcomeEmail(deps: SubscriptionDeps, subscriber: Subscriber): Promise<void> {
  const { config } = deps;
  const links = buildSubscriberLinks(config.PUBLIC_URL, config.SECRET, subscriber.publicId);
  const email = renderWelcome(deps.templates, {
    newsletterName: config.NEWSLETTER_NAME,
    email: subscriber.email,
    topics: subscriber.topics,
    preferencesUrl: links.preferencesUrl,
    unsubscribeUrl: links.unsubscribeUrl,
    schedule: subscriber,
    postalAddress: config.POSTAL_ADDRESS,
    brand: readBrand(config),
  });
  await sendAccountEmail(
    deps.mailer,
    composeListMessage(config, {
      to: subscriber.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      date: deps.clock(),
      messageId: createMessageId('welcome', config.MAIL_FROM),
      unsubscribeUrl: links.unsubscribeUrl,
    }),
  );
}
