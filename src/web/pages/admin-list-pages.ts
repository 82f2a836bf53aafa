import { html } from 'hono/html';
import type { AuditEntry, PaperVotes, SourceFetchRecord, Suppression } from '../../store/index.ts';
import { csrfField, formatStamp, renderAdminLayout, renderNotice, renderPager } from './admin-layout.ts';
import type { Html } from './layout.ts';

/** The suppression list with the reason and date of each entry, and a button to lift one. */
export function renderSuppressionsPage(props: {
  newsletterName: string;
  rows: Suppression[];
  page: number;
  hasMore: boolean;
  csrf: string;
  notice?: string;
}): Html {
  return renderAdminLayout({
    newsletterName: props.newsletterName,
    title: 'Suppressions',
    section: 'suppressions',
    body: html`<h1>Suppression list</h1>
${renderNotice(props.notice)}
<section class="card">
<p class="hint">Nothing is sent to these addresses. Bounces (5xx on the recipient) and complaints add to the list; so does "Suppress" on a subscriber's page.</p>
${
  props.rows.length === 0
    ? html`<p>The list is empty.</p>`
    : html`<div class="table-scroll" tabindex="0"><table class="data"><thead><tr><th scope="col">Address</th><th scope="col">Reason</th><th scope="col">Source</th><th scope="col">Since</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>${props.rows.map(
        (s) =>
          html`<tr><td>${s.email}</td><td class="response">${s.reason}</td><td>${s.source}</td><td class="nowrap">${formatStamp(s.createdAt)}</td><td><form method="post" action="/admin/suppressions/lift">${csrfField(props.csrf)}<input type="hidden" name="email" value="${s.email}"><button type="submit" class="secondary" aria-label="Lift the suppression of ${s.email}">Lift</button></form></td></tr>`,
      )}</tbody></table></div>`
}
${renderPager({ path: '/admin/suppressions', page: props.page, hasMore: props.hasMore })}
</section>`,
  });
}

export interface DigestRow {
  path: string;
  digest_date: string | null;
  paper_count: number;
  new_count: number;
  warnings: string;
  status: string;
  error: string | null;
  ingested_at: string;
}

/** Ingested digests with paper counts and warnings, and each source's latest fetch. */
export function renderDigestsPage(props: {
  newsletterName: string;
  digests: DigestRow[];
  page: number;
  hasMore: boolean;
  sources: SourceFetchRecord[];
}): Html {
  return renderAdminLayout({
    newsletterName: props.newsletterName,
    title: 'Digests',
    section: 'digests',
    body: html`<h1>Digests</h1>
<section class="card" aria-labelledby="sources-heading">
<h2 id="sources-heading">Sources</h2>
${
  props.sources.length === 0
    ? html`<p>No source has been fetched (set <code>SOURCES</code> to fetch each day's papers).</p>`
    : html`<div class="table-scroll" tabindex="0"><table class="data"><thead><tr><th scope="col">Source</th><th scope="col">Date</th><th scope="col">Result</th><th scope="col" class="num">Papers</th><th scope="col" class="num">Added</th><th scope="col">Finished</th><th scope="col">Note</th></tr></thead><tbody>${props.sources.map(
        (s) =>
          html`<tr><td>${s.source}</td><td class="nowrap">${s.date}</td><td class="${s.status === 'failed' ? 'bad' : ''}">${s.status}</td><td class="num">${s.papers}</td><td class="num">${s.added ?? 'not yet ingested'}</td><td class="nowrap">${formatStamp(s.finishedAt)}</td><td class="response">${s.message ?? ''}</td></tr>`,
      )}</tbody></table></div>`
}
</section>
<section class="card" aria-labelledby="digests-heading">
<h2 id="digests-heading">Ingested files</h2>
${
  props.digests.length === 0
    ? html`<p>No digest has been ingested.</p>`
    : html`<div class="table-scroll" tabindex="0"><table class="data"><thead><tr><th scope="col">File</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col" class="num">Papers</th><th scope="col" class="num">New</th><th scope="col">Warnings</th><th scope="col">Ingested</th></tr></thead><tbody>${props.digests.map(
        (d) => {
          const warnings = readWarnings(d.warnings);
          return html`<tr><td class="response">${d.path}</td><td class="nowrap">${d.digest_date ?? '—'}</td><td class="${d.status === 'error' ? 'bad' : ''}">${d.status}${d.error ? `: ${d.error}` : ''}</td><td class="num">${d.paper_count}</td><td class="num">${d.new_count}</td><td class="response">${warnings.length === 0 ? '—' : html`<ul>${warnings.map((w) => html`<li>${w}</li>`)}</ul>`}</td><td class="nowrap">${formatStamp(d.ingested_at)}</td></tr>`;
        },
      )}</tbody></table></div>`
}
${renderPager({ path: '/admin/digests', page: props.page, hasMore: props.hasMore })}
</section>`,
  });
}

/** The papers readers liked most and least among those first seen since `since`. */
export function renderFeedbackPage(props: {
  newsletterName: string;
  since: string;
  liked: PaperVotes[];
  disliked: PaperVotes[];
}): Html {
  const table = (rows: PaperVotes[], empty: string) =>
    rows.length === 0
      ? html`<p>${empty}</p>`
      : html`<div class="table-scroll" tabindex="0"><table class="data"><thead><tr><th scope="col">Paper</th><th scope="col">Digest</th><th scope="col" class="num">More like this</th><th scope="col" class="num">Less like this</th></tr></thead><tbody>${rows.map(
          (r) =>
            html`<tr><td>${r.title}</td><td class="nowrap">${r.digestDate}</td><td class="num">${r.up}</td><td class="num">${r.down}</td></tr>`,
        )}</tbody></table></div>`;
  return renderAdminLayout({
    newsletterName: props.newsletterName,
    title: 'Feedback',
    section: 'feedback',
    body: html`<h1>Feedback</h1>
<p class="hint">Readers' "more like this" and "less like this" on papers first seen since ${props.since}.</p>
<section class="card" aria-labelledby="liked-heading"><h2 id="liked-heading">Most liked</h2>${table(props.liked, 'No paper of these editions was liked yet.')}</section>
<section class="card" aria-labelledby="disliked-heading"><h2 id="disliked-heading">Most disliked</h2>${table(props.disliked, 'No paper of these editions was disliked yet.')}</section>`,
  });
}

/** Every operator action, newest first: who (the token's label), what, on what, when. */
export function renderAuditPage(props: {
  newsletterName: string;
  entries: AuditEntry[];
  page: number;
  hasMore: boolean;
}): Html {
  return renderAdminLayout({
    newsletterName: props.newsletterName,
    title: 'Audit',
    section: 'audit',
    body: html`<h1>Audit trail</h1>
<section class="card">
${
  props.entries.length === 0
    ? html`<p>No action has been taken in the admin area.</p>`
    : html`<div class="table-scroll" tabindex="0"><table class="data"><thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">On</th><th scope="col">Outcome</th></tr></thead><tbody>${props.entries.map(
        (e) =>
          html`<tr><td class="nowrap">${formatStamp(e.createdAt)}</td><td>${e.actor}</td><td>${e.action}</td><td class="response">${e.target}</td><td class="response">${e.detail ?? ''}</td></tr>`,
      )}</tbody></table></div>`
}
${renderPager({ path: '/admin/audit', page: props.page, hasMore: props.hasMore })}
</section>`,
  });
}

function readWarnings(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.map((w) =>
      typeof w === 'object' && w !== null && 'message' in w
        ? `${'line' in w && w.line ? `line ${String(w.line)}: ` : ''}${String(w.message)}`
        : String(w),
    );
  } catch {
    return [];
  }
}
