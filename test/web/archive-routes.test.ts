import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/test-store.ts';
import { createWebHarness, type WebHarness } from './web-harness.ts';

describe.each(testBackends)('archive routes on %s', (backend) => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await createWebHarness({ backend });
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists editions and shows all papers of one', async () => {
    const index = await h.get('/archive');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('href="/archive/2025-03-11"');
    const edition = await h.get('/archive/2025-03-11');
    expect(edition.status).toBe(200);
    const html = await edition.text();
    const papers = await h.store.papers.listPapers({ digestDate: '2025-03-11' });
    expect(papers.length).toBeGreaterThan(5);
    expect(html.match(/class="paper-title"/g)).toHaveLength(papers.length);
  });

  it('answers 404 for an unknown or malformed edition date', async () => {
    expect((await h.get('/archive/2024-01-01')).status).toBe(404);
    expect((await h.get('/archive/2025-13-45')).status).toBe(404);
    expect((await h.get('/archive/..%2F..%2Fetc')).status).toBe(404);
  });
});
