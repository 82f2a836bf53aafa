import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { enqueueEdition, runDeliveries } from '../../src/delivery/index.ts';
import { type MailCatcher, mountOutboxRoutes, startMailCatcher } from '../../src/devmail/index.ts';
import { SmtpMailer } from '../../src/mail/index.ts';
import type { Store, Subscriber } from '../../src/store/index.ts';
import { createWebApp, type RunningWebServer, startWebServer } from '../../src/web/index.ts';
import { expectUsablePage } from '../helpers/expect-usable-page.ts';
import { findFreePort } from '../helpers/free-port.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';
import { subscriberFields } from '../helpers/run-captured.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';
import { ingestSample, loadTestTemplates } from './web-harness.ts';

/** Screenshots of the pages, for a person to look at (git-ignored). */
const artifacts = new URL('../artifacts/', import.meta.url);

/**
 * A reader's "More like this" in Chromium: a real issue goes through the send engine to the built-in
 * mail catcher, and the reader follows the link from the outbox, votes, sees the vote on the
 * preferences page and undoes it.
 */
describe('"More like this" from an outbox email in Chromium', () => {
  let database: TestDatabase;
  let store: Store;
  let catcher: MailCatcher;
  let mailer: SmtpMailer;
  let server: RunningWebServer;
  let browser: Browser;
  let config: Config;
  let ada: Subscriber;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    database = createTestDatabase('sqlite');
    store = await database.open();
    const now = new Date('2025-03-11T08:00:00Z');
    await ingestSample(store, now);
    catcher = await startMailCatcher({ outbox: store.outbox, port: 0 });
    const port = await findFreePort();
    // Development from localhost: the outbox is open without ADMIN_TOKEN, as after `npm start`.
    config = loadConfig({
      NODE_ENV: 'development',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: catcher.url,
    });
    mailer = new SmtpMailer({ url: catcher.url, poolSize: 1 });
    const templates = await loadTestTemplates();
    ada = await store.subscribers.insert(
      subscriberFields({ email: 'ada@example.org', topics: ['conformal prediction'] }),
      { now, source: 'cli' },
    );
    await enqueueEdition({ store, config }, { date: '2025-03-11', now });
    const summary = await runDeliveries({ store, mailer, config, clock: () => now, templates });
    expect(summary.sent).toBe(1);
    const app = createWebApp({
      store,
      mailer,
      templates,
      config,
      extraRoutes: (hono, { adminGuard }) =>
        mountOutboxRoutes(hono, { store, newsletterName: config.NEWSLETTER_NAME, guard: adminGuard }),
    });
    server = await startWebServer(app, { host: '127.0.0.1', port });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await mailer?.close();
    await catcher?.close();
    await store?.close();
    await database?.destroy();
  });

  const ratingsOf = async () =>
    (await store.ratings.listForSubscriber(ada.id)).map((r) => [r.paperId, r.vote]);

  it('opens the link (recording nothing), votes with the button, sees it on the preferences page and undoes it', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    // 1. The issue is in the outbox; its first "More like this" link is among the message's links.
    await page.goto(`${server.url}/outbox`);
    await page.locator('table.outbox td.subject a').first().click();
    await page.waitForURL('**/outbox/*');
    const more = page.locator('ul.links a', { hasText: '&vote=up' }).first();
    const href = (await more.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^${config.PUBLIC_URL}/rate/rate\\.`));
    const paperId = new URL(href).searchParams.get('paper') ?? '';
    const [paper] = await store.papers.listPapersByIds([paperId]);
    if (!paper) throw new Error(`the link names no stored paper: ${href}`);

    // 2. Opening it shows the paper and one button, and records nothing.
    await more.click();
    await page.waitForURL('**/rate/**');
    expect(await page.textContent('h1')).toBe('More like this?');
    expect(await page.textContent('main')).toContain(paper.title);
    expect(await page.locator('main button').count()).toBe(1);
    expect(await ratingsOf()).toEqual([]);
    await expectUsablePage(page, 'rate page');
    await page.screenshot({ path: new URL('rate-page-375.png', artifacts).pathname, fullPage: true });

    // 3. The button records the vote, and the page shows it with Undo.
    await page.click('main button[type="submit"]');
    await expect.poll(() => page.textContent('h1')).toBe('Vote recorded');
    expect(new URL(page.url()).searchParams.get('vote')).toBeNull();
    expect(await ratingsOf()).toEqual([[paperId, 'up']]);
    expect(await page.textContent('.notice')).toBe('You asked for more papers like this one.');
    await expectUsablePage(page, 'rate page after the vote');

    // 4. The preferences page lists the vote, with Undo.
    await page.click('text=Your preferences');
    await page.waitForURL('**/preferences/**');
    const rated = page.locator('#rated li');
    expect(await rated.count()).toBe(1);
    expect(await rated.first().textContent()).toContain(`More like this: ${paper.title}`);
    await expectUsablePage(page, 'preferences page with a rated paper');

    // "Example papers" finds stored papers by title words, to add as liked.
    await page.fill('#example', 'conformal prediction');
    await page.click('#examples button:has-text("Find")');
    await expect.poll(() => page.locator('.example-results li').count()).toBeGreaterThan(0);
    expect(await page.locator('.example-results li', { hasText: paper.title }).textContent()).toContain(
      'Liked',
    );
    await expectUsablePage(page, 'preferences page with example results');
    await page
      .locator('#rated')
      .screenshot({ path: new URL('preferences-rated-375.png', artifacts).pathname });
    await page
      .locator('#examples')
      .screenshot({ path: new URL('preferences-examples-375.png', artifacts).pathname });
    expect(await ratingsOf()).toEqual([[paperId, 'up']]);

    // 5. Undo forgets it.
    await rated.first().locator('button', { hasText: 'Undo' }).click();
    await page.waitForURL('**?unrated=1*');
    expect(await page.textContent('.notice')).toBe('Your vote on that paper is undone.');
    expect(await page.locator('#rated li').count()).toBe(0);
    expect(await page.textContent('#rated')).toContain('None yet.');
    expect(await ratingsOf()).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
