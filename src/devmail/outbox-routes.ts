import type { Hono, MiddlewareHandler } from 'hono';
import { raw } from 'hono/html';
import { simpleParser } from 'mailparser';
import type { Store } from '../store/index.ts';
import { renderOutboxListPage, renderOutboxMessagePage } from './outbox-pages.ts';
import { decodeMimeWords } from './start-mail-catcher.ts';

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
    return c.html(renderOutboxListPage({ newsletterName, to, messages, digests }));
  });

  app.get('/outbox/:id{[0-9]+}', async (c) => {
    const message = await store.outbox.get(Number(c.req.param('id')));
    if (!message) return c.notFound();
    const parsed = await simpleParser(message.raw);
    const text = parsed.text ?? '';
    c.header('Content-Security-Policy', outboxPagePolicy);
    return c.html(
      renderOutboxMessagePage({
        newsletterName,
        view: {
          message,
          hasHtml: Boolean(parsed.html),
          text,
          links: [...new Set(text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [])],
          headers: parsed.headerLines.map((h) => splitHeaderLine(h.line)),
        },
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

/** `Subject: =?UTF-8?Q?a?=\r\n b` → `['Subject', 'a b']`: the name, and the value unfolded and decoded. */
function splitHeaderLine(line: string): [name: string, value: string] {
  const colon = line.indexOf(':');
  const unfolded = (colon === -1 ? line : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim();
  return [colon === -1 ? '' : line.slice(0, colon).trim(), decodeMimeWords(unfolded)];
}
