import { html } from 'hono/html';
import type { Rating, Subscriber, Suppression } from '../../store/index.ts';
import type { OperatorAction } from '../../subscribers/index.ts';
import { csrfField, formatStamp, renderAdminLayout, renderNotice, renderPager } from './admin-layout.ts';
import type { Html } from './layout.ts';

export interface SubscriberListRow {
  id: number;
  email: string;
  status: string;
  topics: string;
  frequency: string;
  hour: number;
  timezone: string;
  created_at: string;
}

/** Search by address or topic, one page of results, and the CSV export. */
export function renderSubscribersPage(props: {
  newsletterName: string;
  query: string;
  rows: SubscriberListRow[];
  page: number;
  hasMore: boolean;
  notice?: string;
}): Html {
  return renderAdminLayout({
    newsletterName: props.newsletterName,
    title: 'Subscribers',
    section: 'subscribers',
    body: html`<h1>Subscribers</h1>
${renderNotice(props.notice)}
<section class="card">
<form method="get" action="/admin/subscribers" role="search">
<label for="q">Address or topic</label>
<div class="search-row"><input id="q" name="q" type="search" value="${props.query}"><button type="submit">Search</button></div>
</form>
<p><a href="/admin/subscribers.csv">Export every subscriber as CSV</a> (the import format of <code>paperboy subscribers import</code>)</p>
${
  props.rows.length === 0
    ? html`<p>No subscriber${props.query ? html` matches “${props.query}”` : ''}.</p>`
    : html`<div class="table-scroll" tabindex="0"><table class="data">
<thead><tr><th scope="col">Address</th><th scope="col">State</th><th scope="col">Topics</th><th scope="col">Schedule</th><th scope="col">Since</th></tr></thead>
<tbody>${props.rows.map(
        (s) =>
          html`<tr><td><a href="/admin/subscribers/${s.id}">${s.email}</a></td><td>${s.status}</td><td>${readTopics(s.topics).join(', ')}</td><td class="nowrap">${s.frequency} ${String(s.hour).padStart(2, '0')}:00 ${s.timezone}</td><td class="nowrap">${s.created_at.slice(0, 10)}</td></tr>`,
      )}</tbody></table></div>`
}
${renderPager({ path: '/admin/subscribers', page: props.page, hasMore: props.hasMore, params: { q: props.query } })}
</section>`,
  });
}

export interface SubscriberDeliveryRow {
  digest_date: string;
  status: string;
  skip_reason: string | null;
  attempts: number;
  last_response: string | null;
  sent_at: string | null;
}

/** One subscriber: profile, schedule, deliveries, ratings, and the three actions. */
export function renderSubscriberPage(props: {
  newsletterName: string;
  subscriber: Subscriber;
  suppression?: Suppression;
  deliveries: SubscriberDeliveryRow[];
  ratings: (Rating & { title: string })[];
  notice?: string;
}): Html {
  const s = props.subscriber;
  const base = `/admin/subscribers/${s.id}`;
  const weekday = s.frequency === 'weekly' && s.weekday !== null ? ` on ${weekdays[s.weekday]}` : '';
  return renderAdminLayout({
    newsletterName: props.newsletterName,
    title: s.email,
    section: 'subscribers',
    body: html`<h1>${s.email}</h1>
${renderNotice(props.notice)}
<section class="card" aria-labelledby="profile-heading">
<h2 id="profile-heading">Profile and schedule</h2>
<dl class="profile">
<dt>State</dt><dd>${s.status}${props.suppression ? ` (suppressed ${props.suppression.createdAt.slice(0, 10)}: ${props.suppression.reason})` : ''}</dd>
<dt>Topics</dt><dd>${s.topics.join(', ') || '—'}</dd>
<dt>Excluded</dt><dd>${s.exclude.join(', ') || '—'}</dd>
<dt>Breadth</dt><dd>${s.breadth}, up to ${s.maxPapers} papers</dd>
<dt>Schedule</dt><dd>${s.frequency}${weekday} at ${String(s.hour).padStart(2, '0')}:00 ${s.timezone}</dd>
<dt>Next due</dt><dd>${formatStamp(s.nextDueAt)} UTC</dd>
<dt>Subscribed</dt><dd>${formatStamp(s.createdAt)}; confirmed ${formatStamp(s.confirmedAt)}</dd>
</dl>
<div class="actions">
<a class="button secondary" href="/preview?email=${encodeURIComponent(s.email)}">Preview their next issue</a>
${props.suppression || s.status === 'suppressed' ? html`<a class="button secondary" href="${base}/unsuppress">Unsuppress…</a>` : html`<a class="button secondary" href="${base}/suppress">Suppress…</a>`}
<a class="button secondary" href="${base}/delete">Delete…</a>
</div>
</section>
<section class="card" aria-labelledby="history-heading">
<h2 id="history-heading">Deliveries</h2>
${
  props.deliveries.length === 0
    ? html`<p>No delivery yet.</p>`
    : html`<div class="table-scroll" tabindex="0"><table class="data"><thead><tr><th scope="col">Edition</th><th scope="col">Status</th><th scope="col" class="num">Attempts</th><th scope="col">Sent</th><th scope="col">SMTP response</th></tr></thead><tbody>${props.deliveries.map(
        (d) =>
          html`<tr><td><a href="/admin/editions/${d.digest_date}">${d.digest_date}</a></td><td class="status-${d.status}">${d.status}${d.skip_reason ? ` (${d.skip_reason})` : ''}</td><td class="num">${d.attempts}</td><td class="nowrap">${formatStamp(d.sent_at)}</td><td class="response">${d.last_response ?? ''}</td></tr>`,
      )}</tbody></table></div>`
}
</section>
<section class="card" aria-labelledby="ratings-heading">
<h2 id="ratings-heading">Ratings</h2>
${
  props.ratings.length === 0
    ? html`<p>No rating.</p>`
    : html`<ul>${props.ratings.map((r) => html`<li>${r.vote === 'up' ? 'More like this' : 'Less like this'}: ${r.title} <span class="hint">(${r.updatedAt.slice(0, 10)}, ${r.source})</span></li>`)}</ul>`
}
</section>`,
  });
}

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const consequences: Record<OperatorAction, string> = {
  suppress:
    'The address goes on the suppression list: nothing more is sent to it until the suppression is lifted.',
  unsuppress:
    'The suppression is lifted; the subscription becomes confirmed again if they had confirmed (else pending), and issues resume.',
  delete:
    'The subscriber and their ratings are deleted. The delivery ledger and the consent record (with a "removed" event) remain.',
};

/** The confirm step of a subscriber action: what it will do, and one button. */
export function renderConfirmActionPage(props: {
  newsletterName: string;
  subscriber: Subscriber;
  action: OperatorAction;
  csrf: string;
}): Html {
  const verb = props.action[0]?.toUpperCase() + props.action.slice(1);
  return renderAdminLayout({
    newsletterName: props.newsletterName,
    title: `${verb} ${props.subscriber.email}`,
    section: 'subscribers',
    body: html`<section class="card"><h1>${verb} ${props.subscriber.email}?</h1>
<p>${consequences[props.action]}</p>
<form method="post" action="/admin/subscribers/${props.subscriber.id}/${props.action}">${csrfField(props.csrf)}
<p class="actions"><button type="submit" class="${props.action === 'delete' ? 'danger' : ''}">${verb}</button> <a class="button secondary" href="/admin/subscribers/${props.subscriber.id}">Cancel</a></p>
</form></section>`,
  });
}

function readTopics(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
