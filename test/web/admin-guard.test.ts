import { afterEach, describe, expect, it } from 'vitest';
import { createWebHarness, type WebHarness } from './web-harness.ts';

/**
 * Without ADMIN_TOKEN, /preview (and /outbox, through the same guard) is open only to the operator at
 * this machine: development, a localhost PUBLIC_URL, a loopback peer and no proxy in between.
 */
describe('the admin guard without ADMIN_TOKEN', () => {
  let h: WebHarness;
  afterEach(async () => {
    await h.close();
  });

  const open = (env: Record<string, string>) =>
    createWebHarness({ ingest: false, env: { NODE_ENV: 'development', ADMIN_TOKEN: '', ...env } });

  it('lets the local operator in, and nobody a proxy forwarded', async () => {
    h = await open({ PUBLIC_URL: 'http://localhost:8080' });
    const local = { remoteAddress: '127.0.0.1' };
    expect((await h.get('/preview', local)).status).toBe(200);
    expect((await h.get('/preview', { remoteAddress: '::1' })).status).toBe(200);
    expect((await h.get('/preview', { remoteAddress: '203.0.113.9' })).status).toBe(401);
    const proxied: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.9' },
      { 'x-forwarded-for': '127.0.0.1' },
      { forwarded: 'for=203.0.113.9;proto=https' },
      { 'x-real-ip': '203.0.113.9' },
      { 'x-forwarded-host': 'news.example.org' },
      { via: '1.1 proxy' },
    ];
    for (const headers of proxied) {
      expect((await h.get('/preview', { ...local, headers })).status, JSON.stringify(headers)).toBe(401);
    }
  });

  it('is closed in development once PUBLIC_URL is published, even from loopback', async () => {
    h = await open({ PUBLIC_URL: 'https://news.example.org' });
    expect((await h.get('/preview', { remoteAddress: '127.0.0.1' })).status).toBe(401);
  });

  it('does not take a spoofed loopback X-Forwarded-For for the local operator with TRUST_PROXY', async () => {
    h = await open({ PUBLIC_URL: 'http://localhost:8080', TRUST_PROXY: 'true' });
    const spoofed = { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '127.0.0.1' } };
    expect((await h.get('/preview', spoofed)).status).toBe(401);
  });

  it('still accepts ADMIN_TOKEN through a proxy', async () => {
    h = await createWebHarness({
      ingest: false,
      env: { NODE_ENV: 'development', PUBLIC_URL: 'https://news.example.org' },
    });
    const response = await h.get('/preview', {
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer admin-token-123' },
    });
    expect(response.status).toBe(200);
  });
});
