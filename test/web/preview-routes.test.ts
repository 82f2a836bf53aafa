import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriberFields } from '../helpers/run-captured.ts';
import { createWebHarness, type WebHarness } from './web-harness.ts';

const bearer = { authorization: 'Bearer admin-token-123' };

describe('GET /preview', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await createWebHarness();
    await h.store.subscribers.insert(
      subscriberFields({ email: 'ada@example.org', topics: ['diffusion models'] }),
      { now: h.clock.now, source: 'cli' },
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it('asks for credentials without the admin token (401)', async () => {
    const response = await h.get('/preview?topics=x', { remoteAddress: '127.0.0.1' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect((await h.get('/preview', { headers: { authorization: 'Bearer wrong-token-1' } })).status).toBe(
      401,
    );
    const wrongBasic = `Basic ${Buffer.from('admin:wrong').toString('base64')}`;
    expect((await h.get('/preview', { headers: { authorization: wrongBasic } })).status).toBe(401);
  });

  it('accepts the token as bearer or basic-auth password', async () => {
    expect((await h.get('/preview', { headers: bearer })).status).toBe(200);
    const basic = `Basic ${Buffer.from('anyone:admin-token-123').toString('base64')}`;
    expect((await h.get('/preview', { headers: { authorization: basic } })).status).toBe(200);
  });

  it("shows a subscriber's issue at 600 and 375 px with its text part and headers", async () => {
    const response = await h.get('/preview?email=ada@example.org&date=2025-03-11', { headers: bearer });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.match(/<iframe [^>]*sandbox="" srcdoc="/g)).toHaveLength(2);
    expect(html).toContain('width="600"');
    expect(html).toContain('width="375"');
    expect(html).toContain('<th scope="row">List-Unsubscribe</th>');
    expect(html).toContain('<th scope="row">To</th><td>ada@example.org</td>');
    expect(html).toContain('class="preview-text"');
    expect(response.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect(response.headers.get('content-security-policy')).not.toContain('script-src');
  });

  it('previews ad-hoc topics on the latest edition', async () => {
    const response = await h.get('/preview?topics=video%20generation', { headers: bearer });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('edition 2025-03-11');
  });

  it.each([
    ['/preview?email=nobody@example.org', 404],
    ['/preview?topics=x&date=2024-01-01', 404],
    ['/preview?topics=x&date=March', 400],
    ['/preview?topics=%3Cb%3E', 400],
  ])('answers %s with %i', async (path, status) => {
    expect((await h.get(path, { headers: bearer })).status).toBe(status);
  });
});

describe('GET /preview in development', () => {
  let h: WebHarness;
  beforeAll(async () => {
    // A published PUBLIC_URL closes it (test/web/admin-guard.test.ts); `paperboy serve` locally has localhost.
    h = await createWebHarness({ env: { NODE_ENV: 'development', PUBLIC_URL: 'http://localhost:8080' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('is open without a token to localhost only', async () => {
    expect((await h.get('/preview', { remoteAddress: '127.0.0.1' })).status).toBe(200);
    expect((await h.get('/preview', { remoteAddress: '::1' })).status).toBe(200);
    expect((await h.get('/preview', { remoteAddress: '::ffff:127.0.0.1' })).status).toBe(200);
    expect((await h.get('/preview', { remoteAddress: '192.168.1.20' })).status).toBe(401);
  });
});
