import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEdition, runDeliveries } from '../../src/delivery/index.ts';
import { SmtpMailer } from '../../src/mail/index.ts';
import { buildIssueWebUrl, buildSubscriberLinks } from '../../src/subscribers/index.ts';
import { subscriberFields } from '../helpers/run-captured.ts';
import { testBackends } from '../helpers/test-store.ts';
import { createWebHarness, findLink, loadTestTemplates, type WebHarness } from './web-harness.ts';

describe.each(testBackends)('GET /issue/:token on %s', (backend) => {
  let h: WebHarness;
  let webPath: string;
  let emailHtml: string;

  beforeAll(async () => {
    h = await createWebHarness({ backend });
    await h.store.subscribers.insert(
      subscriberFields({
        email: 'ada@example.org',
        topics: ['conformal prediction', 'RLHF'],
        timezone: 'Europe/Berlin',
      }),
      { now: h.clock.now, source: 'cli' },
    );
    await h.store.subscribers.insert(subscriberFields({ email: 'bob@example.org', topics: ['JWST'] }), {
      now: h.clock.now,
      source: 'cli',
    });
    // The issue goes out through the real send engine and a real SMTP server; the test follows the
    // link the reader got, as a reader would.
    await enqueueEdition({ store: h.store, config: h.config }, { date: '2025-03-11', now: h.clock.now });
    const mailer = new SmtpMailer({ url: h.config.SMTP_URL ?? '', poolSize: 1 });
    try {
      const summary = await runDeliveries({
        store: h.store,
        mailer,
        config: h.config,
        clock: () => h.clock.now,
        templates: await loadTestTemplates(),
      });
      expect(summary.sent).toBe(2);
    } finally {
      await mailer.close();
    }
    const mails = await h.inbox.waitForMessages(2);
    const mail = mails.find((m) => JSON.stringify(m.to).includes('ada@example.org'));
    emailHtml = String(mail?.html);
    webPath = findLink(emailHtml, '/issue/');
  });
  afterAll(async () => {
    await h.close();
  });

  it('opens the reader’s own issue, in the email’s own style, with every paper and no "View in browser"', async () => {
    const response = await h.get(webPath);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('COLEP: Certifiably Robust Learning-Reasoning Conformal Prediction');
    expect(page).not.toContain('View in browser');
    const cards = (html: string) => (html.match(/class="pb-card"/g) ?? []).length;
    expect(cards(page)).toBe(cards(emailHtml));
    expect(cards(page)).toBeGreaterThan(0);
    // The same header date as the email: the day it was sent, in the reader's zone.
    expect(page).toContain('Tuesday, March 11, 2025');
    expect(page).toContain('Manage your topics');
    expect(findLink(page, '/preferences/')).toBe(findLink(emailHtml, '/preferences/'));
  });

  it('lets the email’s styles apply and nothing run, and is never cached or indexed', async () => {
    const response = await h.get(webPath);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("style-src 'unsafe-inline'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('script-src');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('x-robots-tag')).toBe('noindex');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('opens only the issue the link was signed for', async () => {
    const ada = await h.store.subscribers.findByEmail('ada@example.org');
    const bob = await h.store.subscribers.findByEmail('bob@example.org');
    const path = (publicId: string, date: string) =>
      new URL(buildIssueWebUrl(h.config.PUBLIC_URL, h.config.SECRET, publicId, date)).pathname;
    const bobsPage = await (await h.get(path(bob?.publicId ?? '', '2025-03-11'))).text();
    expect(bobsPage).toContain('JWST');
    expect(bobsPage).not.toContain('COLEP');
    // An edition the reader never got, a changed token, another purpose's token, and someone else's secret.
    expect((await h.get(path(ada?.publicId ?? '', '2025-03-10'))).status).toBe(404);
    expect((await h.get(webPath.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).status).toBe(400);
    const manage = new URL(
      buildSubscriberLinks(h.config.PUBLIC_URL, h.config.SECRET, ada?.publicId ?? '').preferencesUrl,
    );
    expect((await h.get(`/issue/${manage.pathname.split('/').pop()}`)).status).toBe(400);
    const forged = new URL(
      buildIssueWebUrl(h.config.PUBLIC_URL, 'another-secret-0123456789', ada?.publicId ?? '', '2025-03-11'),
    );
    expect((await h.get(forged.pathname)).status).toBe(400);
  });

  it('says the issue is gone once the subscriber is removed', async () => {
    const bob = await h.store.subscribers.findByEmail('bob@example.org');
    const path = new URL(
      buildIssueWebUrl(h.config.PUBLIC_URL, h.config.SECRET, bob?.publicId ?? '', '2025-03-11'),
    ).pathname;
    await h.store.subscribers.remove(bob?.id ?? 0);
    const response = await h.get(path);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('This issue is no longer available.');
  });
});
