import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebHarness, type WebHarness } from './web-harness.ts';

/** What createWebApp adds around the route modules: headers, extra routes, the 404 and error pages. */
describe('the composed web app', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await createWebHarness({
      ingest: false,
      extra: {
        extraRoutes: (app, { adminGuard }) => {
          const extra = new Hono();
          extra.use('/extra/*', adminGuard);
          extra.get('/extra/boom', () => {
            throw new Error('unexpected');
          });
          app.route('/', extra);
        },
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers 404 with a page for unknown paths, with the security headers', async () => {
    const response = await h.get('/no/such/page');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Not found');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('guards extra routes like /preview and turns an unexpected error into a 500 page', async () => {
    expect((await h.get('/extra/boom')).status).toBe(401);
    const response = await h.get('/extra/boom', { headers: { authorization: 'Bearer admin-token-123' } });
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain('Something went wrong');
    expect(html).not.toContain('unexpected');
  });
});
