import { expect } from 'vitest';
import { buildSubscriberLinks } from '../../src/subscribers/index.ts';
import { findLink, testSecret, type WebHarness } from './web-harness.ts';

export const dayMs = 86_400_000;

export const validForm = {
  email: 'Ada@Example.org',
  topics: 'conformal prediction, diffusion models',
  frequency: 'weekly',
  weekday: '3',
  hour: '8',
  timezone: 'Europe/Berlin',
};

/** The preferences form as the page fills it in for `validForm`, with some fields changed. */
export function preferencesForm(csrf: string, changes: Record<string, string> = {}): Record<string, string> {
  return {
    _csrf: csrf,
    action: 'save',
    topics: validForm.topics,
    exclude: '',
    breadth: 'balanced',
    maxPapers: '10',
    frequency: validForm.frequency,
    weekday: validForm.weekday,
    hour: validForm.hour,
    timezone: validForm.timezone,
    ...changes,
  };
}

export function pathOf(url: string): string {
  return new URL(url).pathname;
}

/**
 * Opens the sign-up form and posts it with its CSRF token, as a browser would, then waits until the
 * sign-up queue has processed the request (pending subscriber saved, confirmation mailed).
 */
export async function submitSubscription(
  h: WebHarness,
  fields: Record<string, string> = validForm,
  remoteAddress?: string,
) {
  const form = await h.openForm('/');
  const response = await h.post(
    '/subscribe',
    { ...fields, _csrf: form.csrf },
    { cookie: form.cookie, ...(remoteAddress ? { remoteAddress } : {}) },
  );
  await h.signups.idle();
  return response;
}

/**
 * Opens a confirmation link and presses its button, as a person does: the GET shows a page, and
 * only its form's POST (with the CSRF token) confirms.
 */
export async function pressConfirm(h: WebHarness, confirmPath: string) {
  const page = await h.openForm(confirmPath);
  expect(page.html).toContain('Confirm subscription</button>');
  return h.post(confirmPath, { _csrf: page.csrf }, { cookie: page.cookie });
}

/** Subscribes with `validForm` and confirms with the link from the email. */
export async function subscribeAndConfirm(h: WebHarness) {
  expect((await submitSubscription(h)).status).toBe(303);
  const [mail] = await h.inbox.waitForMessages(1);
  const response = await pressConfirm(h, findLink(mail?.text ?? '', '/confirm/'));
  expect(response.status).toBe(303);
  const subscriber = await h.store.subscribers.findByEmail(validForm.email);
  if (!subscriber) throw new Error('subscriber missing');
  return { subscriber, links: buildSubscriberLinks(h.config.PUBLIC_URL, testSecret, subscriber.publicId) };
}
