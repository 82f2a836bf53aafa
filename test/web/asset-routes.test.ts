import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebHarness, type WebHarness } from './web-harness.ts';

describe('static assets', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await createWebHarness({ ingest: false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('serves the stylesheet and the script with their types and a cache header', async () => {
    const css = await h.get('/assets/app.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=3600');
    const js = await h.get('/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const operator = await h.get('/assets/operator.css');
    expect(operator.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await operator.text()).toContain('iframe.email');
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'missing.css'])(
    'answers 404 for /assets/%s',
    async (name) => {
      const response = await h.get(`/assets/${name}`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('Not found');
    },
  );

  it('answers the favicon with an empty, cacheable 204', async () => {
    const response = await h.get('/favicon.ico');
    expect(response.status).toBe(204);
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
  });
});
