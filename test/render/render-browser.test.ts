import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CompiledTemplates,
  loadTemplates,
  renderConfirm,
  renderIssue,
  renderWelcome,
} from '../../src/render/index.ts';
import { measureSidewaysScroll } from '../helpers/expect-usable-page.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';
import { buildSampleIssue, sampleProfiles } from './sample-issues.ts';

const artifacts = new URL('../artifacts/', import.meta.url);
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser: Browser;
let templates: CompiledTemplates;

function emails(): Record<string, string> {
  const profile = sampleProfiles.find((p) => p.slug === 'fairness-astro');
  const single = sampleProfiles.find((p) => p.slug === 'one-topic');
  if (!profile || !single) throw new Error('no sample profile');
  const issue = buildSampleIssue(profile);
  return {
    issue: renderIssue(templates, issue).html,
    // A light brand colour: the band's text must turn dark to keep its contrast.
    'issue-branded': renderIssue(templates, { ...buildSampleIssue(single), brand: { color: '#ffd400' } })
      .html,
    confirm: renderConfirm(templates, {
      newsletterName: 'Paperboy',
      email: 'ada@example.org',
      confirmUrl: 'https://paperboy.example/confirm/tok-confirm-with-a-long-signed-token-0123456789abcdef',
      topics: ['conformal prediction', 'reinforcement learning from human feedback'],
      expiresInDays: 7,
      schedule: { frequency: 'weekly', weekday: 1, hour: 7, timezone: 'Europe/Berlin' },
      postalAddress: issue.postalAddress,
    }).html,
    welcome: renderWelcome(templates, {
      newsletterName: 'Paperboy',
      email: 'ada@example.org',
      topics: ['conformal prediction', 'RLHF'],
      preferencesUrl: issue.links.preferencesUrl,
      unsubscribeUrl: issue.links.unsubscribeUrl,
      schedule: { frequency: 'daily', weekday: null, hour: 7, timezone: 'UTC' },
      postalAddress: issue.postalAddress,
      brand: { color: '#0f4c81' },
    }).html,
  };
}

describe('rendered emails in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    templates = await loadTemplates();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [375, 600]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`fits ${width}px without horizontal scrolling and keeps contrast (${colorScheme})`, async () => {
        for (const [name, html] of Object.entries(emails())) {
          const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme });
          await page.setContent(html, { waitUntil: 'load' });
          expect(await measureSidewaysScroll(page), `${name} at ${width}px`).toBeLessThanOrEqual(0);
          await page.addScriptTag({ path: axePath });
          const violations = await page.evaluate(async () => {
            const axe = (
              window as unknown as {
                axe: {
                  run: (o: object) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
                };
              }
            ).axe;
            const result = await axe.run({
              runOnly: ['color-contrast', 'html-has-lang', 'image-alt', 'link-name'],
            });
            return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
          });
          expect(violations, `${name} at ${width}px ${colorScheme}`).toEqual([]);
          await page.screenshot({
            path: new URL(`${name}-${width}-${colorScheme}.png`, artifacts).pathname,
            fullPage: true,
          });
          await page.close();
        }
      });
    }
  }

  it('shows paper text literally', async () => {
    const profile = sampleProfiles[0];
    if (!profile) throw new Error('no sample profile');
    const title = 'At 3<z<10, "A is B" {{#each}} <script>window.injected = true</script>';
    const data = buildSampleIssue(profile);
    const html = renderIssue(templates, {
      ...data,
      papers: [
        {
          paper: { id: 't', title, abstract: 'Text.', authors: [], categories: [] },
          reasons: [],
          matchedTopics: [],
        },
      ],
    }).html;
    const page = await browser.newPage();
    await page.setContent(html);
    // biome-ignore lint/performance/useDomNodeTextContent: the test is about the text a reader sees.
    expect(await page.evaluate(() => document.body.innerText)).toContain(title);
    expect(await page.evaluate(() => 'injected' in window)).toBe(false);
    await page.close();
  });
});
