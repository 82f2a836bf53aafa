import { suggestTopics } from '../match/index.ts';
import { type Brand, buildBand } from './brand.ts';
import type { CompiledTemplates } from './compile-templates.ts';
import { formatSchedule, type ScheduleLabelInput } from './format-date.ts';
import type { RenderedEmail } from './issue-data.ts';
import { fill } from './render-issue.ts';
import { formatList } from './text-format.ts';

export interface ConfirmData {
  newsletterName: string;
  email: string;
  confirmUrl: string;
  /** The topics as typed on the sign-up form; only those the thesaurus knows are shown (see `describeRequestedTopics`). */
  topics: readonly string[];
  expiresInDays: number;
  /** The schedule the subscriber chose, stated in the email. */
  schedule: ScheduleLabelInput;
  postalAddress: string;
  brand?: Brand;
}

export interface WelcomeData {
  newsletterName: string;
  email: string;
  topics: readonly string[];
  preferencesUrl: string;
  unsubscribeUrl: string;
  schedule: ScheduleLabelInput;
  postalAddress: string;
  brand?: Brand;
}

const normalizeTopic = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * What the confirmation email may say about the topics of a sign-up. Anyone can type anything on the
 * form and have it mailed to any address, so no typed text reaches the email: a topic the thesaurus
 * knows is shown as the thesaurus spells it, and the others are only counted.
 *
 * @example describeRequestedTopics(['Conformal Prediction', 'see https://spam.example']) // { known: ['conformal prediction'], otherCount: 1 }
 */
export function describeRequestedTopics(topics: readonly string[]): { known: string[]; otherCount: number } {
  const known = new Set<string>();
  let otherCount = 0;
  for (const topic of topics) {
    const wanted = normalizeTopic(topic);
    // Suggestions for the whole topic as a prefix include the thesaurus entry spelled exactly so, if any.
    const entry = suggestTopics(topic, 1000).find((suggestion) => normalizeTopic(suggestion) === wanted);
    if (entry) known.add(entry);
    else otherCount++;
  }
  return { known: [...known], otherCount };
}

function describeOtherTopics(knownCount: number, otherCount: number): string {
  if (otherCount === 0) return '';
  const noun = otherCount === 1 ? 'topic' : 'topics';
  return knownCount === 0 ? `${otherCount} ${noun}` : ` and ${otherCount} more`;
}

/**
 * The double opt-in email. It has no unsubscribe link: the address is not on the list until confirmed.
 * It shows only the topics the thesaurus recognises, and counts the rest (`describeRequestedTopics`).
 *
 * @example
 * renderConfirm(templates, { newsletterName: 'Paperboy', email, confirmUrl, topics, expiresInDays: 7, schedule, postalAddress });
 */
export function renderConfirm(templates: CompiledTemplates, data: ConfirmData): RenderedEmail {
  const subject = `Confirm your subscription to ${data.newsletterName}`;
  const requested = describeRequestedTopics(data.topics);
  const view = {
    subject,
    preheader: 'One click and your first issue is on its way.',
    newsletterName: data.newsletterName,
    band: buildBand(data.brand),
    email: data.email,
    scheduleLabel: formatSchedule(data.schedule),
    confirmUrl: data.confirmUrl,
    topics: requested.known,
    hasTopics: data.topics.length > 0,
    otherTopicsLabel: describeOtherTopics(requested.known.length, requested.otherCount),
    expiresLabel: formatDays(data.expiresInDays),
    footerLinks: [],
    footerNote: `You get this email because ${data.email} was entered on the ${data.newsletterName} sign-up page.`,
    postalAddress: data.postalAddress,
  };
  return {
    subject,
    html: fill(templates.confirm.html, view, 'confirm.mjml'),
    text: fill(templates.confirm.text, view, 'confirm.txt.hbs'),
  };
}

/**
 * Sent once a subscription is confirmed.
 *
 * @example
 * renderWelcome(templates, { newsletterName: 'Paperboy', email, topics, preferencesUrl, unsubscribeUrl, schedule, postalAddress });
 */
export function renderWelcome(templates: CompiledTemplates, data: WelcomeData): RenderedEmail {
  const subject = `Welcome to ${data.newsletterName}`;
  const view = {
    subject,
    preheader: data.topics.length
      ? `Your first issue will cover ${formatList(data.topics, 3)}.`
      : 'Add a few topics and your first issue is on its way.',
    newsletterName: data.newsletterName,
    band: buildBand(data.brand),
    scheduleLabel: formatSchedule(data.schedule),
    topics: data.topics,
    hasTopics: data.topics.length > 0,
    preferencesUrl: data.preferencesUrl,
    footerLinks: [
      { label: 'Manage your topics', url: data.preferencesUrl },
      { label: 'Unsubscribe', url: data.unsubscribeUrl },
    ],
    footerNote: `You get this email because ${data.email} subscribed to ${data.newsletterName}.`,
    postalAddress: data.postalAddress,
  };
  return {
    subject,
    html: fill(templates.welcome.html, view, 'welcome.mjml'),
    text: fill(templates.welcome.text, view, 'welcome.txt.hbs'),
  };
}

function formatDays(days: number): string {
  if (days < 1) {
    const hours = Math.max(1, Math.round(days * 24));
    return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  }
  const whole = Math.round(days);
  return `${whole} ${whole === 1 ? 'day' : 'days'}`;
}
