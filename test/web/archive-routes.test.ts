import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDigest } from '../../src/digest/index.ts';
import { ingestJsonPapers, samplePath } from '../helpers/fixtures.ts';
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

  it('searches the titles and abstracts of every stored paper', async () => {
    const response = await h.get(`/archive?q=${encodeURIComponent('Conformal prediction')}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(
      '<input id="q" name="q" type="search" maxlength="200" value="Conformal prediction">',
    );
    expect(html).toMatch(
      /<p class="hint" id="search-summary" role="status">\d+ papers match “Conformal prediction”, titles first\.<\/p>/,
    );
    const results = html.slice(html.indexOf('id="search-summary"'), html.indexOf('<h2>Editions</h2>'));
    expect(results).toContain('COLEP: Certifiably Robust Learning-Reasoning Conformal Prediction');
    expect(results).toContain('In the edition of <a href="/archive/2025-03-11">Tuesday, March 11, 2025</a>');
    // The editions stay listed under the results.
    expect(html).toContain('href="/archive/2025-03-11"');
  });

  it('never shows a year a digest did not state: a text digest that says "Mar 11" is just Mar 11', async () => {
    const now = new Date('2024-06-07T08:00:00Z');
    const parsed = parseDigest({ bytes: readFileSync(samplePath), fileName: 'daily.txt', mtime: now, now });
    expect(parsed).toMatchObject({ date: '2024-03-11', dateSource: 'mtime-year' });
    await h.store.papers.ingestDigest({ path: '/d/daily.txt', contentHash: 'guessed-year', parsed, now });
    const index = await (await h.get('/archive')).text();
    expect(index).toContain('<a href="/archive/2024-03-11">Mar 11</a>');
    expect(index).toContain('<a href="/archive/2025-03-11">Tuesday, March 11, 2025</a>');
    const edition = await (await h.get('/archive/2024-03-11')).text();
    expect(edition).toContain('<h1>Mar 11</h1>');
    expect(edition).not.toContain('March 11, 2024');
  });

  it('says what a search found when it found nothing, or could not read a word', async () => {
    const none = await (await h.get('/archive?q=%3Cscript%3Ezzyzx')).text();
    expect(none).toContain('No stored paper matches “&lt;script&gt;zzyzx”.');
    expect(none).not.toContain('<script>zzyzx');
    expect(await (await h.get('/archive?q=%25')).text()).toContain(
      'Type at least one word of two or more letters or digits.',
    );
    expect(await (await h.get('/archive?q=2403.99999')).text()).toContain(
      'No stored paper matches arXiv 2403.99999.',
    );
  });

  it('answers 404 for an unknown or malformed edition date', async () => {
    expect((await h.get('/archive/2024-01-01')).status).toBe(404);
    expect((await h.get('/archive/2025-13-45')).status).toBe(404);
    expect((await h.get('/archive/..%2F..%2Fetc')).status).toBe(404);
  });
});

describe('archive links', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await createWebHarness({ ingest: false });
    const hostile = [
      'javascript:alert(1)',
      ' javascript:alert(2)',
      'data:text/html,x',
      'https://u:p@evil.example/',
    ];
    await ingestJsonPapers(
      h.store,
      '2025-03-12',
      [
        ...hostile.map((url, i) => ({ title: `Hostile link ${i}`, abstract: 'Text.', url })),
        { title: 'Good link', abstract: 'Text.', url: 'https://example.org/p/1' },
      ],
      h.clock.now,
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it("links only http(s) URLs, never a digest's javascript: or data: URL", async () => {
    const html = await (await h.get('/archive/2025-03-12')).text();
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(hrefs).toContain('https://example.org/p/1');
    for (const href of hrefs) expect(href).toMatch(/^(\/|https:\/\/(arxiv\.org|example\.org)\/)/);
    expect(html).not.toMatch(/javascript:|data:text|evil\.example/);
  });
});
