import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeyId, signToken } from '../../src/subscribers/index.ts';
import { type RunningWebServer, startWebServer } from '../../src/web/index.ts';
import { ingestJsonPapers } from '../helpers/fixtures.ts';
import { dayMs, pathOf, subscribeAndConfirm, validForm } from './subscription-flow.ts';
import { createWebHarness, testSecret, type WebHarness } from './web-harness.ts';

/** Sends raw bytes to the real server (no client normalizes the path) and returns the status line's code. */
function rawRequest(server: RunningWebServer, request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

/** What held up in the audit, kept under test: tokens, CSRF, oversized requests, escaping. */
describe('hostile requests', () => {
  let h: WebHarness;
  let server: RunningWebServer;
  let links: { preferencesUrl: string; unsubscribeUrl: string };

  beforeAll(async () => {
    h = await createWebHarness();
    ({ links } = await subscribeAndConfirm(h));
    server = await startWebServer(h.app, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  const tokenOf = (url: string) => pathOf(url).split('/').at(-1) as string;

  it('rejects 12 kinds of tampered link with 400, and an expired one with 410', async () => {
    const token = tokenOf(links.preferencesUrl);
    const [purpose, subject, expiry, keyId, signature] = token.split('.') as [
      string,
      string,
      string,
      string,
      string,
    ];
    const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
    const tampered = [
      `${purpose}.${subject}.${expiry}.${keyId}.${flip(signature)}`, // signature changed
      `${purpose}.${subject}.${expiry}.${keyId}.${signature.slice(0, -4)}`, // signature cut
      `${purpose}.${subject}.${expiry}.${keyId}.`, // signature gone
      `unsubscribe.${subject}.${expiry}.${keyId}.${signature}`, // purpose changed
      `${purpose}.${flip(subject)}.${expiry}.${keyId}.${signature}`, // subscriber changed
      `${purpose}.${subject}.zzzzzzzz.${keyId}.${signature}`, // expiry added
      `${purpose}.${subject}.${expiry}.${flip(keyId)}.${signature}`, // key id changed
      `${purpose}.${subject}.${expiry}.${signature}`, // key id dropped
      `${token}.extra`, // a part added
      `${token}${'A'.repeat(300)}`, // over-long
      signToken('another-secret-0123456789', { purpose: 'manage', subject }), // someone else's key
      tokenOf(links.unsubscribeUrl), // a token for another purpose
    ];
    expect(new Set(tampered).size).toBe(12);
    for (const bad of tampered) {
      expect((await h.get(`/preferences/${encodeURIComponent(bad)}`)).status, bad).toBe(400);
    }
    const expired = signToken(testSecret, {
      purpose: 'confirm',
      subject,
      expiresAt: h.clock.now.getTime() - dayMs,
    });
    expect(expired.split('.')[3]).toBe(deriveKeyId(testSecret));
    expect((await h.get(`/confirm/${expired}`)).status).toBe(410);
  });

  it('enforces CSRF on paths that only look like the one-click unsubscribe (dot segments)', async () => {
    const body = new URLSearchParams({ ...validForm, email: 'csrf@example.org' }).toString();
    for (const path of [
      '/unsubscribe/../subscribe',
      '/unsubscribe/%2e%2e/subscribe',
      '/unsubscribe/%2E%2E/subscribe',
      '/unsubscribe/.%2e/subscribe',
      '/unsubscribe/x/../../subscribe',
      `/unsubscribe/../preferences/${tokenOf(links.preferencesUrl)}`,
    ]) {
      const status = await rawRequest(
        server,
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      expect([403, 404], `${path} answered ${status}`).toContain(status);
    }
    await h.signups.idle();
    expect(await h.store.subscribers.findByEmail('csrf@example.org')).toBeUndefined();
    expect(await h.store.signups.countByStatus()).toMatchObject({ queued: 0, sending: 0 });
    expect((await h.store.subscribers.findByEmail(validForm.email))?.status).toBe('confirmed');
  });

  it('answers 431 to oversized headers and 413 to an oversized body', async () => {
    const headers = await rawRequest(
      server,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
    );
    expect(headers).toBe(431);
    const body = 'x'.repeat(40_000);
    const large = await rawRequest(
      server,
      `POST /subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(large).toBe(413);
  });
});

describe('escaping', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await createWebHarness({ ingest: false });
    await ingestJsonPapers(
      h.store,
      '2025-03-12',
      [
        {
          title: '<img src=x onerror=alert(1)> Exomoons',
          abstract: '<script>alert(2)</script> exomoons',
          authors: ['<b>Eve</b>'],
        },
      ],
      h.clock.now,
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows markup from a digest as text on the archive page and in the live sample', async () => {
    const html = await (await h.get('/archive/2025-03-12')).text();
    expect(html).not.toMatch(/<img src=x|<script>alert|<b>Eve/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Exomoons');
    const sample = await h.get('/api/sample?topics=exomoons');
    expect(sample.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
