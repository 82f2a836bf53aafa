import type { Hono, MiddlewareHandler } from 'hono';
import { html, raw } from 'hono/html';
import { simpleParser } from 'mailparser';
import type { Store } from '../store/index.ts';
import { renderLayout } from '../web/pages/layout.ts';

// The outbox frames each email's own HTML from /outbox/:id/html; everything else keeps the strict policy.
const outboxPagePolicy =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
// Email HTML uses inline styles; scripts stay off and the frame is sandboxed.
const emailFramePolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

/**
 * `/outbox`: every message the built-in mail catcher received, with its HTML, text and headers,
 * plus recent digest ingests (so a bad digest file is visible without reading logs).
 */
export function mountOutboxRoutes(
  app: Hono,
  deps: { store: Store; newsletterName: string; guard: MiddlewareHandler },
) {
  const { store, newsletterName } = deps;
  app.use('/outbox', deps.guard);
  app.use('/outbox/*', deps.guard);

  app.get('/outbox', async (c) => {
    const to = c.req.query('to')?.trim() || undefined;
    const [messages, digests] = await Promise.all([
      store.outbox.list({ limit: 200, ...(to ? { to } : {}) }),
      store.papers.listRecentDigests(10),
    ]);
    c.header('Content-Security-Policy', outboxPagePolicy);
    return c.html(
      renderLayout({
        title: 'Outbox',
        newsletterName,
        body: html`<section class="card">
<h1>Outbox</h1>
<p>Every email Paperboy sent while no <code>SMTP_URL</code> is configured lands here instead of in a real inbox. Newest first.</p>
<form method="get" action="/outbox"><label for="to">Recipient</label> <input id="to" name="to" type="email" value="${to ?? ''}"> <button type="submit">Filter</button></form>
${
  messages.length === 0
    ? html`<p>No messages yet. Subscribe on <a href="/">the home page</a> and the confirmation email appears here.</p>`
    : html`<table class="outbox"><thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead><tbody>
${messages.map(
  (m) =>
    html`<tr><td>${m.receivedAt.replace('T', ' ').slice(0, 19)}</td><td>${m.to.join(', ')}</td><td><a href="/outbox/${m.id}">${m.subject}</a></td></tr>`,
)}
</tbody></table>`
}
</section>
<section class="card">
<h2>Recent digest ingests</h2>
${
  digests.length === 0
    ? html`<p>No digest ingested yet.</p>`
    : html`<ul>${digests.map(
        (d) =>
          html`<li>${d.status === 'error' ? html`<strong>error</strong>` : d.status} · ${d.path} · ${
            d.status === 'error'
              ? d.error
              : `${d.paper_count} papers (${d.new_count} new), date ${d.digest_date}`
          } · ${d.ingested_at.replace('T', ' ').slice(0, 19)}</li>`,
      )}</ul>`
}
</section>`,
      }),
    );
  });

  app.get('/outbox/:id{[0-9]+}', async (c) => {
    const message = await store.outbox.get(Number(c.req.param('id')));
    if (!message) return c.notFound();
    const parsed = await simpleParser(message.raw);
    const headerLines = parsed.headerLines.map((h) => h.line);
    const links = [...new Set((parsed.text ?? '').match(/https?:\/\/[^\s<>"')\]]+/g) ?? [])];
    c.header('Content-Security-Policy', outboxPagePolicy);
    return c.html(
      renderLayout({
        title: message.subject,
        newsletterName,
        body: html`<section class="card">
<p><a href="/outbox">← Outbox</a></p>
<h1>${message.subject}</h1>
<p>To ${message.to.join(', ')} · received ${message.receivedAt.replace('T', ' ').slice(0, 19)} · ${Math.round(message.size / 1024)} KB · <a href="/outbox/${message.id}/raw">raw message</a></p>
${links.length > 0 ? html`<h2>Links</h2><ul class="links">${links.map((l) => html`<li><a href="${l}">${l}</a></li>`)}</ul>` : ''}
${parsed.html ? html`<h2>HTML</h2><iframe class="email" title="HTML part of the message" src="/outbox/${message.id}/html" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"></iframe>` : ''}
<h2>Text</h2>
<pre class="email-text">${parsed.text ?? ''}</pre>
<h2>Headers</h2>
<pre class="email-headers">${headerLines.join('\n')}</pre>
</section>`,
      }),
    );
  });

  app.get('/outbox/:id{[0-9]+}/html', async (c) => {
    const message = await store.outbox.get(Number(c.req.param('id')));
    if (!message) return c.notFound();
    const parsed = await simpleParser(message.raw);
    if (!parsed.html) return c.notFound();
    c.header('Content-Security-Policy', emailFramePolicy);
    c.header('X-Frame-Options', 'SAMEORIGIN');
    // Links open in the top window: the confirmation link must leave the frame to work.
    return c.html(raw(parsed.html.replace(/<head([^>]*)>/i, '<head$1><base target="_top">')));
  });

  app.get('/outbox/:id{[0-9]+}/raw', async (c) => {
    const message = await store.outbox.get(Number(c.req.param('id')));
    if (!message) return c.notFound();
    return c.body(message.raw, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
  });
}
