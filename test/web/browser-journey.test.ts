import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { buildIssueMessage } from '../../src/delivery/index.ts';
import { SmtpMailer } from '../../src/mail/index.ts';
import { buildPaperIndex, matchPapers, Profile } from '../../src/match/index.ts';
import type { Store } from '../../src/store/index.ts';
import { createWebApp, type RunningWebServer, startWebServer } from '../../src/web/index.ts';
import { expectUsablePage } from '../helpers/expect-usable-page.ts';
import { findFreePort } from '../helpers/free-port.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';
import { startTestInbox, type TestInbox } from './test-inbox.ts';
import { findLinkIn, ingestSample, loadTestTemplates, rawHeader } from './web-harness.ts';

describe('the subscriber journey in Chromium', () => {
  let database: TestDatabase;
  let store: Store;
  let inbox: TestInbox;
  let mailer: SmtpMailer;
  let server: RunningWebServer;
  let browser: Browser;
  let config: Config;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    database = createTestDatabase('sqlite');
    store = await database.open();
    inbox = await startTestInbox();
    const port = await findFreePort();
    config = loadConfig({
      NODE_ENV: 'test',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SECRET: 'browser-test-secret-0123456789',
      SMTP_URL: inbox.url,
      MAIL_FROM: 'Paperboy <news@paperboy.test>',
    });
    await ingestSample(store, new Date('2025-03-11T06:00:00Z'));
    mailer = new SmtpMailer({ url: inbox.url, poolSize: 1 });
    const templates = await loadTestTemplates();
    server = await startWebServer(createWebApp({ store, mailer, templates, config }), {
      host: '127.0.0.1',
      port,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await mailer?.close();
    await inbox?.close();
    await store?.close();
    await database?.destroy();
  });

  it('subscribes, confirms from the email, changes topics and leaves with one click', async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 800 },
      timezoneId: 'Asia/Tokyo',
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    // 1. Sign up with topics; the script fills in the browser's time zone and shows a live sample.
    await page.goto(server.url);
    await expect.poll(() => page.inputValue('#timezone')).toBe('Asia/Tokyo');
    await expectUsablePage(page, 'home page');
    // Before anything is typed: a sample issue for the hint's example topics, and no weekday for "daily".
    expect(await page.textContent('#sample-heading')).toBe('What an issue looks like');
    expect(await page.locator('#sample-list li').count()).toBe(3);
    expect(await page.isVisible('#weekday')).toBe(false);
    await page.fill('#email', 'reader@example.org');
    await page.fill('#topics', 'diffusion models, video generation');
    await expect.poll(() => page.textContent('#sample-status')).toBe('From the papers of Mar 11:');
    expect(await page.textContent('#sample-heading')).toBe("Today's issue for these topics");
    expect(await page.locator('#sample-list li').count()).toBeGreaterThan(0);
    // Emptied, the field brings back the example issue; typed again, the reader's own.
    await page.fill('#topics', '');
    await expect.poll(() => page.textContent('#sample-heading')).toBe('What an issue looks like');
    expect(await page.locator('#sample-list li').count()).toBe(3);
    // A slip in a long word: the page asks about it.
    await page.fill('#topics', 'difusion models, video generation');
    await expect
      .poll(() => page.textContent('#sample-status'))
      .toBe(
        'Did you mean “diffusion” for “difusion”? No paper of Mar 11 matches these topics yet. Try broader or more topics.',
      );
    // The live sample asked, so the form will not ask again on submit.
    expect(await page.inputValue('input[name="asTyped"]')).toBe('1');
    await page.fill('#topics', 'diffusion models, video generation');
    await expect.poll(() => page.textContent('#sample-status')).toBe('From the papers of Mar 11:');
    expect(await page.textContent('#sample-heading')).toBe("Today's issue for these topics");
    await page.check('input[name="frequency"][value="weekly"]');
    expect(await page.isVisible('#weekday')).toBe(true);
    await page.selectOption('#weekday', '5');
    await page.selectOption('#hour', '8');
    await page.click('button[type="submit"]');
    await page.waitForURL('**/subscribe/check-inbox');
    expect(await page.textContent('h1')).toBe('Check your inbox');

    // 2. The confirmation email arrives at a real SMTP server.
    const [confirmMail] = await inbox.waitForMessages(1);
    expect(confirmMail?.to).toMatchObject({ text: 'reader@example.org' });
    const confirmUrl = findLinkIn(confirmMail?.text ?? '', `${config.PUBLIC_URL}/confirm/`);

    // 3. Its link shows a page with one button: opening it (as mail scanners do) confirms nothing.
    await page.goto(confirmUrl);
    expect(await page.textContent('h1')).toBe('Confirm your subscription');
    expect((await store.subscribers.findByEmail('reader@example.org'))?.status).toBe('pending');
    await expectUsablePage(page, 'confirmation page');
    // Pressing it confirms and lands on the preferences page.
    await page.click('main button[type="submit"]');
    await page.waitForURL('**/preferences/**');
    expect(await page.textContent('.notice')).toMatch(
      /^Your subscription is confirmed\. Your first issue, .* is on its way\. Next issue: (today|tomorrow|on \w+) at 08:00 \(Asia\/Tokyo\)\.$/,
    );
    expect(await page.textContent('main')).not.toContain('Your subscription is active');
    expect(await page.inputValue('#topics')).toBe('diffusion models, video generation');
    expect(await page.inputValue('#timezone')).toBe('Asia/Tokyo');
    await expectUsablePage(page, 'preferences page');
    const subscriber = await store.subscribers.findByEmail('reader@example.org');
    expect(subscriber).toMatchObject({ status: 'confirmed', frequency: 'weekly', weekday: 5, hour: 8 });

    // 4. Change topics.
    await page.fill('#topics', 'reinforcement learning from human feedback, reward models');
    await page.click('form[aria-labelledby="preferences-heading"] button[type="submit"]');
    await page.waitForURL('**?saved=1');
    expect(await page.textContent('.notice')).toContain('saved');
    expect((await store.subscribers.findByEmail('reader@example.org'))?.topics).toEqual([
      'reinforcement learning from human feedback',
      'reward models',
    ]);

    // 5. A real issue goes out; the mail provider's one-click POST to its List-Unsubscribe URL leaves the list.
    const current = await store.subscribers.findByEmail('reader@example.org');
    if (!current) throw new Error('subscriber missing');
    const papers = await store.papers.listPapers({ digestDate: '2025-03-11' });
    const ranked = matchPapers(buildPaperIndex(papers), Profile.parse({ topics: current.topics }));
    await mailer.send(
      buildIssueMessage({
        config,
        templates: await loadTestTemplates(),
        recipient: current,
        date: '2025-03-11',
        papers: ranked,
        messageId: '<issue.browser-test@paperboy.test>',
        now: new Date(),
      }),
    );
    const messages = await inbox.waitForMessages(3);
    const issue = messages.find((m) => m.messageId === '<issue.browser-test@paperboy.test>');
    expect(rawHeader(issue, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const oneClickUrl = /<(https?:[^>]+)>/.exec(rawHeader(issue, 'list-unsubscribe') ?? '')?.[1];
    if (!oneClickUrl) throw new Error('no https List-Unsubscribe URL');
    const response = await fetch(oneClickUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    expect((await store.subscribers.findByEmail('reader@example.org'))?.status).toBe('unsubscribed');

    // The footer link of the same issue shows the confirmation page, now saying it is done.
    await page.goto(oneClickUrl);
    expect(await page.textContent('main')).toContain('already unsubscribed');
    await expectUsablePage(page, 'unsubscribe page');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('works without JavaScript', async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 800 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.fill('#email', 'nojs@example.org');
    await page.fill('#topics', 'robotics');
    await page.fill('#timezone', 'not a zone');
    await page.click('button[type="submit"]');
    expect(await page.textContent('#timezone-error')).toContain('Choose a time zone');
    expect(await page.inputValue('#email')).toBe('nojs@example.org');
    await page.fill('#timezone', 'Europe/Lisbon');
    await page.click('button[type="submit"]');
    await page.waitForURL('**/subscribe/check-inbox');
    // The sign-up queue saves the request right after the answer.
    await expect
      .poll(async () => (await store.subscribers.findByEmail('nojs@example.org'))?.timezone)
      .toBe('Europe/Lisbon');
    await context.close();
  });

  it('keeps the form with errors and the archive accessible at 375px', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.fill('#email', 'not an address');
    await page.fill('#topics', '');
    await page.click('button[type="submit"]');
    expect(await page.textContent('#email-error')).toContain('valid email address');
    expect(await page.getAttribute('#email', 'aria-describedby')).toBe('email-error');
    // The marked fields are marked: the invalid-field rule wins over the fields' own border.
    for (const field of ['#email', '#topics']) {
      const border = await page
        .locator(field)
        .evaluate((input) => [getComputedStyle(input).borderColor, getComputedStyle(input).borderWidth]);
      expect(border, field).toEqual(['rgb(164, 22, 26)', '2px']);
    }
    await expectUsablePage(page, 'form with errors');
    await page.goto(`${server.url}/archive/2025-03-11`);
    await expectUsablePage(page, 'archive edition');
    await page.goto(`${server.url}/archive`);
    await page.fill('#q', 'language models');
    await page.click('form[role="search"] button[type="submit"]');
    await page.waitForURL('**/archive?q=language+models');
    expect(await page.textContent('#search-summary')).toMatch(/^\d+ papers match “language models”/);
    await expectUsablePage(page, 'archive search');
    await context.close();
  });
});
