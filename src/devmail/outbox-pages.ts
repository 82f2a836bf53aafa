import { basename, dirname } from 'node:path';
import { html } from 'hono/html';
import { type DigestRecord, isYearGuessed, type OutboxMessage } from '../store/index.ts';
import { type Html, renderLayout } from '../web/pages/layout.ts';

/** `2025-03-11T07:00:05.123Z` → date and time, which wrap only between each other on a phone. */
function renderTimestamp(iso: string): Html {
  return html`<time datetime="${iso}"><span class="nowrap">${iso.slice(0, 10)}</span> <span class="nowrap">${iso.slice(11, 19)}</span></time>`;
}

/** An address that may break after its `@` on a narrow screen, and nowhere inside a word. */
function renderAddress(address: string): Html {
  const at = address.lastIndexOf('@');
  return at <= 0 ? html`${address}` : html`${address.slice(0, at + 1)}<wbr>${address.slice(at + 1)}`;
}

/**
 * A digest file as the outbox shows it: its name, never the server's folders (the page may be opened
 * by someone who should not learn them); an error message loses the folder too.
 */
export function describeDigestFile(record: Pick<DigestRecord, 'path' | 'error'>): {
  name: string;
  error: string | null;
} {
  const folder = `${dirname(record.path)}/`;
  return { name: basename(record.path), error: record.error?.replaceAll(folder, '') ?? null };
}

/** `/outbox`: the received messages, newest first, and the recent digest ingests. */
export function renderOutboxListPage(props: {
  newsletterName: string;
  to: string | undefined;
  messages: readonly Omit<OutboxMessage, 'raw'>[];
  digests: readonly DigestRecord[];
}): Html {
  const { messages, digests } = props;
  return renderLayout({
    title: 'Outbox',
    newsletterName: props.newsletterName,
    operator: true,
    body: html`<section class="card">
<h1>Outbox</h1>
<p>Every email Paperboy sent while no <code>SMTP_URL</code> is configured lands here instead of in a real inbox. Newest first.</p>
<form method="get" action="/outbox"><label for="to">Recipient</label> <input id="to" name="to" type="email" value="${props.to ?? ''}"> <button type="submit">Filter</button></form>
${
  messages.length === 0
    ? html`<p>No messages yet. Subscribe on <a href="/">the home page</a> and the confirmation email appears here.</p>`
    : html`<table class="outbox"><thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead><tbody>
${messages.map(
  (m) =>
    html`<tr><td>${renderTimestamp(m.receivedAt)}</td><td>${m.to.map((to, i) => html`${i > 0 ? ', ' : ''}${renderAddress(to)}`)}</td><td class="subject"><a href="/outbox/${m.id}">${m.subject}</a></td></tr>`,
)}
</tbody></table>`
}
</section>
<section class="card">
<h2>Recent digest ingests</h2>
${
  digests.length === 0
    ? html`<p>No digest ingested yet.</p>`
    : html`<ul>${digests.map((d) => {
        const file = describeDigestFile(d);
        return html`<li>${d.status === 'error' ? html`<strong>error</strong>` : d.status} · ${file.name} · ${
          d.status === 'error'
            ? file.error
            : `${d.paper_count} papers (${d.new_count} new), date ${d.digest_date}${isYearGuessed(d.date_source) ? ' (year guessed from the file date)' : ''}`
        } · ${renderTimestamp(d.ingested_at)}</li>`;
      })}</ul>`
}
</section>`,
  });
}

export interface OutboxMessageView {
  message: Omit<OutboxMessage, 'raw'>;
  hasHtml: boolean;
  text: string;
  links: readonly string[];
  headers: readonly (readonly [name: string, value: string])[];
}

/**
 * One received message: its HTML in a frame as wide as the email was designed for (600 px, or 375 px
 * like a phone: a radio switch that needs no script), its text part wrapped, and its headers in a table.
 */
export function renderOutboxMessagePage(props: { newsletterName: string; view: OutboxMessageView }): Html {
  const { message, links, headers } = props.view;
  return renderLayout({
    title: message.subject,
    newsletterName: props.newsletterName,
    operator: true,
    wide: true,
    body: html`<section class="card">
<p><a href="/outbox">← Outbox</a></p>
<h1>${message.subject}</h1>
<p>To ${message.to.map((to, i) => html`${i > 0 ? ', ' : ''}${renderAddress(to)}`)} · received ${renderTimestamp(message.receivedAt)} · ${Math.round(message.size / 1024)} KB · <a href="/outbox/${message.id}/raw">raw message</a></p>
${links.length > 0 ? html`<h2>Links</h2><ul class="links">${links.map((l) => html`<li><a href="${l}">${l}</a></li>`)}</ul>` : ''}
</section>
${
  props.view.hasHtml
    ? html`<section class="card email-view">
<h2>HTML</h2>
<fieldset class="frame-width">
<legend>Width</legend>
<div class="choices">
<label><input type="radio" name="frame-width" value="600" checked> Desktop, 600 px</label>
<label><input type="radio" name="frame-width" value="375"> Phone, 375 px</label>
</div>
</fieldset>
<iframe class="email" title="HTML part of the message" src="/outbox/${message.id}/html" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"></iframe>
</section>`
    : ''
}
<section class="card">
<h2>Text</h2>
<pre class="email-text">${props.view.text}</pre>
</section>
<section class="card">
<h2>Headers</h2>
<table class="headers"><tbody>${headers.map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`)}</tbody></table>
</section>`,
  });
}
