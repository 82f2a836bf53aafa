import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { buildIssueMessage } from '../../src/delivery/index.ts';
import { type MailCatcher, mountOutboxRoutes, startMailCatcher } from '../../src/devmail/index.ts';
import { SmtpMailer } from '../../src/mail/index.ts';
import { buildPaperIndex, matchPapers, Profile } from '../../src/match/index.ts';
import type { Store } from '../../src/store/index.ts';
import { createWebApp, type RunningWebServer, startWebServer } from '../../src/web/index.ts';
import { measureSidewaysScroll } from '../helpers/expect-usable-page.ts';
import { repoRoot } from '../helpers/fixtures.ts';
import { findFreePort } from '../helpers/free-port.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';
import { ingestSample, loadTestTemplates } from '../web/web-harness.ts';

const artifacts = new URL('../artifacts/', import.meta.url);

/**
 * The whole page in one picture. The viewport grows to the page's height first: a full-page capture
 * of a shorter viewport leaves the sandboxed (out-of-process) email frame blank.
 */
async function screenshotWholePage(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 1280;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(300);
  await page.screenshot({ path: new URL(name, artifacts).pathname });
}

/**
 * The outbox as an operator sees it in Chromium: a real issue, sent over SMTP to the built-in mail
 * catcher, opened at desktop and phone width. Screenshots land in test/artifacts/.
 */
describe('the outbox message view in Chromium', () => {
  let database: TestDatabase;
  let store: Store;
  let catcher: MailCatcher;
  let mailer: SmtpMailer;
  let server: RunningWebServer;
  let browser: Browser;
  let messagePath: string;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    database = createTestDatabase('sqlite');
    store = await database.open();
    await ingestSample(store, new Date('2025-03-11T06:00:00Z'));
    catcher = await startMailCatcher({ outbox: store.outbox, port: 0 });
    const port = await findFreePort();
    // Development from localhost: the outbox is open without ADMIN_TOKEN, as after `npm start`.
    const config = loadConfig({ NODE_ENV: 'development', PUBLIC_URL: `http://127.0.0.1:${port}` });
    mailer = new SmtpMailer({ url: catcher.url, poolSize: 1 });
    const templates = await loadTestTemplates();
    const papers = await store.papers.listPapers({ digestDate: '2025-03-11' });
    const topics = ['conformal prediction', 'reinforcement learning from human feedback'];
    const ranked = matchPapers(buildPaperIndex(papers), Profile.parse({ topics })).filter((r) => r.selected);
    await mailer.send(
      buildIssueMessage({
        config,
        templates,
        recipient: { publicId: 'outbox-browser', email: 'reader@example.org', topics },
        date: '2025-03-11',
        papers: ranked,
        messageId: '<issue.outbox-browser@paperboy.test>',
        now: new Date('2025-03-11T07:00:00Z'),
      }),
    );
    const [stored] = await store.outbox.list();
    if (!stored) throw new Error('the catcher stored nothing');
    messagePath = `/outbox/${stored.id}`;
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

  it('shows the email at 600 px on a desktop, switches to 375 px, and wraps the text part', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/outbox`);
    await page.locator('table.outbox td.subject a').first().click();
    await page.waitForURL(`**${messagePath}`);
    const frame = page.locator('iframe.email');
    await expect
      .poll(() => page.frameLocator('iframe.email').locator('text=Why:').count())
      .toBeGreaterThan(0);
    const desktop = await frame.boundingBox();
    expect(desktop?.width).toBeGreaterThanOrEqual(600);
    expect(desktop?.height).toBeGreaterThanOrEqual(900);
    expect(await measureSidewaysScroll(page)).toBe(0);
    expect(await page.locator('pre.email-text').evaluate((pre) => getComputedStyle(pre).whiteSpace)).toBe(
      'pre-wrap',
    );
    // Header names sit in one column, whole.
    const names = await page.locator('table.headers th').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['List-Unsubscribe', 'List-Unsubscribe-Post', 'Subject']));
    // The subject is shown decoded, as a mail program shows it.
    const subject = await page
      .locator('table.headers tr', { hasText: 'Subject' })
      .locator('td')
      .textContent();
    expect(subject).toMatch(/^\d+ new papers: reinforcement learning from human feedback \(\d+\)/);
    await screenshotWholePage(page, 'outbox-message-1280.png');

    await page.getByLabel('Phone, 375 px').check();
    expect((await frame.boundingBox())?.width).toBe(375);
    await page.close();
  });

  it('fits 390 px without sideways scrolling, and never shows a server folder', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}${messagePath}`);
    expect(await measureSidewaysScroll(page)).toBe(0);
    const frame = await page.locator('iframe.email').boundingBox();
    expect(frame?.height).toBeGreaterThanOrEqual(900);
    await screenshotWholePage(page, 'outbox-message-390.png');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/outbox`);
    expect(await measureSidewaysScroll(page)).toBe(0);
    const list = (await page.textContent('main')) ?? '';
    expect(list).toContain('daily-papers-mar-11.txt');
    expect(list).not.toContain(repoRoot);
    // The column headings are whole words, one line each, left-aligned like their cells.
    for (const heading of await page.locator('table.outbox th').all()) {
      const box = await heading.evaluate((th) => {
        const style = getComputedStyle(th);
        const content =
          th.clientHeight - Number.parseFloat(style.paddingTop) - Number.parseFloat(style.paddingBottom);
        return { lines: Math.round(content / Number.parseFloat(style.lineHeight)), align: style.textAlign };
      });
      expect(box).toEqual({ lines: 1, align: 'left' });
    }
    await page.screenshot({ path: new URL('outbox-list-390.png', artifacts).pathname });
    await page.close();
  });
});
