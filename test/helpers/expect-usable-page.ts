import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { findSeriousViolations } from './find-axe-violations.ts';

/** How far the page scrolls sideways: 0 when everything fits the viewport. */
export function measureSidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Usable on a phone: no sideways scrolling of the page at the viewport's width (wide tables may
 * scroll inside their own box), and no serious or critical axe violation.
 */
export async function expectUsablePage(page: Page, label: string): Promise<void> {
  const width = page.viewportSize()?.width;
  expect(
    await measureSidewaysScroll(page),
    `${label}: horizontal scrolling at ${width}px`,
  ).toBeLessThanOrEqual(0);
  expect(await findSeriousViolations(page), label).toEqual([]);
}
