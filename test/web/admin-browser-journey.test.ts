import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { runDeliveries } from '../../src/delivery/index.ts';
import { SmtpMailer } from '../../src/mail/index.ts';
import type { Store, Subscriber } from '../../src/store/index.ts';
import { createWebApp, type RunningWebServer, startWebServer } from '../../src/web/index.ts';
import { expectUsablePage } from '../helpers/expect-usable-page.ts';
import { findFreePort } from '../helpers/free-port.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';
import { adminEditionDate, seedAdminEdition } from './admin-fixture.ts';
import { startTestInbox, type TestInbox } from './test-inbox.ts';
import { ingestSample, loadTestTemplates } from './web-harness.ts';

const token = 'browser-admin-token-0123';

describe('the operator journey in Chromium', () => {
  let database: TestDatabase;
  let store: Store;
  let inbox: TestInbox;
  let mailer: SmtpMailer;
  let server: RunningWebServer;
  let browser: Browser;
  let config: Config;
  let people: Record<'ada' | 'bob' | 'cy' | 'dee' | 'eve', Subscriber>;
  const stopSender = new AbortController();
  let sender: Promise<unknown> | undefined;
  const now = new Date('2025-03-11T09:00:00Z');
  const clock = () => now;

  beforeAll(async () => {
    database = createTestDatabase('sqlite');
    store = await database.open();
    inbox = await startTestInbox();
    const port = await findFreePort();
    config = loadConfig({
      NODE_ENV: 'test',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SECRET: 'browser-test-secret-0123456789',
      ADMIN_TOKEN: token,
      ADMIN_LABEL: 'night-shift',
      SMTP_URL: inbox.url,
      MAIL_FROM: 'Paperboy <news@paperboy.test>',
    });
    await ingestSample(store, now);
    people = await seedAdminEdition(store, config, now);
    mailer = new SmtpMailer({ url: inbox.url, poolSize: 1 });
    const templates = await loadTestTemplates();
    server = await startWebServer(createWebApp({ store, mailer, templates, config, clock }), {
      host: '127.0.0.1',
      port,
    });
    // The sender as `paperboy start` runs it: polling the ledger for due deliveries.
    sender = runDeliveries(
      { store, mailer, config, clock, templates },
      { signal: stopSender.signal, follow: true, pollMs: 100 },
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    stopSender.abort();
    await sender;
    await browser?.close();
    await server?.close();
    await mailer?.close();
    await inbox?.close();
    await store?.close();
    await database?.destroy();
  });

  it('logs in, opens an edition, retries its failed deliveries and sees them sent', async () => {
    // Without the token: a bare 401, nothing about what is behind it.
    const anonymous = await browser.newContext();
    const refused = await (await anonymous.newPage()).goto(`${server.url}/admin`);
    expect(refused?.status()).toBe(401);
    expect(await refused?.text()).toBe('Unauthorized');
    await anonymous.close();

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      httpCredentials: { username: 'operator', password: token },
    });
    const page = await context.newPage();
    const overview = await page.goto(`${server.url}/admin`);
    expect(overview?.status()).toBe(200);
    expect(overview?.headers()['cache-control']).toBe('no-store');
    expect(await page.textContent('h1')).toBe('Overview');
    expect(await page.locator('svg.chart').count()).toBe(2);
    await expectUsablePage(page, 'overview');
    expect(inbox.messages).toHaveLength(0);

    await page.click(`a[href="/admin/editions/${adminEditionDate}"]`);
    await page.waitForURL(`**/admin/editions/${adminEditionDate}`);
    expect(await page.textContent('h1')).toBe(`Edition ${adminEditionDate}`);
    expect(await page.locator('td.status-failed').count()).toBe(2);
    await expectUsablePage(page, 'edition');

    await page.click('button:has-text("Retry 2 failed")');
    await page.waitForURL('**done=retried**');
    expect(await page.textContent('[role="status"]')).toContain('2 failed deliveries are queued again');

    // The sender picks them up from the ledger: each goes out once, with the Message-ID frozen at enqueue.
    const messages = await inbox.waitForMessages(2);
    expect(messages.map((m) => (Array.isArray(m.to) ? '' : m.to?.text)).sort()).toEqual([
      'bob@example.org',
      'cy@example.org',
    ]);
    const edition = await store.editions.findEdition(adminEditionDate);
    for (const who of [people.bob, people.cy]) {
      const delivery = await store.editions.findDelivery(edition?.id ?? -1, who.id);
      expect(messages.some((m) => m.messageId === delivery?.message_id)).toBe(true);
    }
    await expect
      .poll(async () => {
        await page.goto(`${server.url}/admin/editions/${adminEditionDate}?status=sent`);
        return page.locator('td.status-sent').count();
      })
      .toBe(3);
    expect(inbox.messages).toHaveLength(2);

    await page.goto(`${server.url}/admin/audit`);
    expect(await page.textContent('tbody')).toContain('night-shift');
    await expectUsablePage(page, 'audit');
    await page.goto(`${server.url}/admin/subscribers/${people.bob.id}`);
    await expectUsablePage(page, 'subscriber');
    await context.close();
  });
});
