import { html } from 'hono/html';
import type { DeliveryStatus, EditionSummary } from '../../store/index.ts';
import { csrfField, formatStamp, renderAdminLayout, renderNotice, renderPager } from './admin-layout.ts';
import type { Html } from './layout.ts';

export interface EditionDeliveryRow {
  id: number;
  email: string;
  status: DeliveryStatus;
  skip_reason: string | null;
  attempts: number;
  last_response: string | null;
  updated_at: string;
  sent_at: string | null;
}

export interface EditionPaperRow {
  id: string;
  title: string;
  planned: number;
  sent: number;
}

export interface EditionPageProps {
  newsletterName: string;
  edition: EditionSummary;
  deliveries: EditionDeliveryRow[];
  status?: DeliveryStatus;
  page: number;
  hasMore: boolean;
  papers: EditionPaperRow[];
  csrf: string;
  notice?: string;
}

const filters: (DeliveryStatus | undefined)[] = [
  undefined,
  'failed',
  'deferred',
  'pending',
  'sending',
  'sent',
  'skipped',
];

/** One edition: its counts, the two actions, every delivery (paged) and its papers. */
export function renderEditionPage(props: EditionPageProps): Html {
  const e = props.edition;
  const base = `/admin/editions/${e.date}`;
  const unsent = e.queued + e.deferred;
  return renderAdminLayout({
    newsletterName: props.newsletterName,
    title: `Edition ${e.date}`,
    section: 'overview',
    body: html`<h1>Edition ${e.date}</h1>
${renderNotice(props.notice)}
<section class="card" aria-labelledby="counts-heading">
<h2 id="counts-heading">Deliveries</h2>
<p>${e.planned} planned: ${e.sent} sent, ${e.queued} queued, ${e.deferred} deferred, <span class="${e.failed > 0 ? 'bad' : ''}">${e.failed} failed</span>, ${e.suppressed} suppressed, ${e.empty} empty, ${e.cancelled} cancelled${e.otherSkipped ? `, ${e.otherSkipped} skipped` : ''}.</p>
<div class="actions">
<form method="post" action="${base}/retry-failed">${csrfField(props.csrf)}<button type="submit"${e.failed === 0 ? ' disabled' : ''}>Retry ${e.failed} failed</button></form>
<form method="post" action="${base}/cancel-rest">${csrfField(props.csrf)}<button type="submit" class="danger"${unsent === 0 ? ' disabled' : ''}>Cancel the rest (${unsent})</button></form>
</div>
<p class="hint">Retrying puts the failed deliveries back in the ledger, with the same issue and Message-ID; the sender sends each once. Cancelling skips every delivery not sent or in flight.</p>
</section>
<section class="card" aria-labelledby="deliveries-heading">
<h2 id="deliveries-heading">Per delivery</h2>
<nav aria-label="Filter by status" class="pager">${filters.map((f) => {
      const label = f ?? 'all';
      const href = f ? `${base}?status=${f}` : base;
      return html`<a href="${href}"${f === props.status ? html` aria-current="page"` : ''}>${label}</a>`;
    })}</nav>
${
  props.deliveries.length === 0
    ? html`<p>No delivery${props.status ? ` is ${props.status}` : ''}.</p>`
    : html`<div class="table-scroll" tabindex="0"><table class="data">
<thead><tr><th scope="col">Address</th><th scope="col">Status</th><th scope="col" class="num">Attempts</th><th scope="col">Updated</th><th scope="col">SMTP response</th></tr></thead>
<tbody>${props.deliveries.map(
        (d) =>
          html`<tr><td>${d.email}</td><td class="status-${d.status}">${d.status}${d.skip_reason ? ` (${d.skip_reason})` : ''}</td><td class="num">${d.attempts}</td><td class="nowrap">${formatStamp(d.sent_at ?? d.updated_at)}</td><td class="response">${d.last_response ?? ''}</td></tr>`,
      )}</tbody></table></div>`
}
${renderPager({ path: base, page: props.page, hasMore: props.hasMore, params: { status: props.status } })}
</section>
<section class="card" aria-labelledby="papers-heading">
<h2 id="papers-heading">Papers</h2>
${
  props.papers.length === 0
    ? html`<p>No paper in this edition's digest.</p>`
    : html`<div class="table-scroll" tabindex="0"><table class="data">
<thead><tr><th scope="col">Paper</th><th scope="col" class="num">Subscribers</th><th scope="col" class="num">Sent to</th></tr></thead>
<tbody>${props.papers.map(
        (p) =>
          html`<tr><td>${p.title}</td><td class="num">${p.planned}</td><td class="num">${p.sent}</td></tr>`,
      )}</tbody></table></div>`
}
</section>`,
  });
}
