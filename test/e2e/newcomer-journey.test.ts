import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures.ts';
import { findFreePort } from '../helpers/free-port.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';
import { type PaperboyProcess, spawnPaperboy } from '../helpers/paperboy-process.ts';

/**
 * The README's promise, verbatim: `paperboy start` with no SMTP account, subscribe on the home page,
 * open the confirmation in /outbox, press Confirm on its page, and find the first issue in /outbox.
 */
describe('newcomer journey through the built-in outbox (real process, Chromium)', () => {
  let dir: string;
  let daemon: PaperboyProcess;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-newcomer-'));
    cpSync(join(repoRoot, 'seeds'), join(dir, 'seeds'), { recursive: true });
    const port = await findFreePort();
    base = `http://127.0.0.1:${port}`;
    daemon = spawnPaperboy(['start'], {
      DATABASE_URL: join(dir, 'paperboy.db'),
      DIGESTS_DIR: join(dir, 'seeds'),
      PORT: String(port),
      PUBLIC_URL: base,
      DEVMAIL_PORT: '0',
    });
    await daemon.waitForLine(/"event":"paperboy\.started"/);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await daemon?.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('subscribe → confirmation in /outbox → confirm → first issue in /outbox', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.fill('input[name="email"]', 'newcomer@example.com');
    await page.fill('[name="topics"]', 'conformal prediction, RLHF');
    await Promise.all([
      page.waitForURL(/check-inbox/),
      page.click('form[action="/subscribe"] button[type="submit"]'),
    ]);

    // The sign-up queue mails the confirmation right after the answer: it is in the outbox within moments.
    const confirmation = page.locator('table.outbox a').first();
    await expect
      .poll(async () => {
        await page.goto(`${base}/outbox`);
        return confirmation.count();
      })
      .toBe(1);
    await confirmation.click();
    const confirmLink = page.locator('ul.links a[href*="/confirm/"]').first();
    // The link shows a page with one button (a mail scanner's GET confirms nothing); pressing it confirms.
    await page.goto((await confirmLink.getAttribute('href')) as string);
    expect(await page.textContent('h1')).toBe('Confirm your subscription');
    await Promise.all([page.waitForURL(/\/preferences\//), page.click('main button[type="submit"]')]);
    expect(await page.inputValue('[name="topics"]')).toMatch(/conformal prediction/);

    // The scheduler picks the new subscriber up within one tick (15 s) and the sender delivers at once.
    const subjects = async () => {
      await page.goto(`${base}/outbox?to=newcomer%40example.com`);
      return page.locator('table.outbox td a').allTextContents();
    };
    await expect
      .poll(subjects, { timeout: 60_000, interval: 1000 })
      .toEqual(
        expect.arrayContaining([expect.stringMatching(/^\d+ new papers?(: | on ).*conformal prediction/)]),
      );
    // The start-up log says how long the quick start took to the first issue.
    const firstIssue = JSON.parse(await daemon.waitForLine(/"event":"outbox\.first_issue"/, 10_000));
    expect(firstIssue.sinceStartMs).toBeGreaterThan(0);
    expect(firstIssue.msg).toMatch(/^first issue in the outbox \d+\.\d s after start$/);
    const issue = page.locator('table.outbox td a', { hasText: /new papers?(: | on )/ }).first();
    await issue.click();
    expect(await page.locator('ul.links a[href*="/unsubscribe/"]').count()).toBeGreaterThan(0);
    // The issue's HTML renders inside the outbox frame.
    const frame = page.frameLocator('iframe.email');
    await expect.poll(() => frame.locator('text=Why:').count()).toBeGreaterThan(0);
  }, 150_000);
});
