import { html, raw } from 'hono/html';
import type { EditionSummary, LeaseInFlight } from '../../store/index.ts';
import { formatStamp, renderAdminLayout, renderPager } from './admin-layout.ts';
import type { Html } from './layout.ts';

export interface OverviewPageProps {
  newsletterName: string;
  editions: EditionSummary[];
  page: number;
  hasMore: boolean;
  /** SVG markup from renderDailyChart / renderStatusChart (pure, escaped inside). */
  dailyChart: string;
  statusChart: string;
  upcoming: { email: string; nextDueAt: string | null; timezone: string; hour: number }[];
  leases: LeaseInFlight[];
  now: Date;
}

/** One row per edition: what was planned and what became of it. */
export function renderEditionsTable(editions: readonly EditionSummary[]): Html {
  if (editions.length === 0)
    return html`<p>No edition yet: one is created when the first issue of a digest date is enqueued.</p>`;
  return html`<div class="table-scroll" tabindex="0"><table class="data">
<caption class="visually-hidden">Editions, newest first</caption>
<thead><tr><th scope="col">Edition</th><th scope="col" class="num">Planned</th><th scope="col" class="num">Sent</th><th scope="col" class="num">Queued</th><th scope="col" class="num">Deferred</th><th scope="col" class="num">Failed</th><th scope="col" class="num">Suppressed</th><th scope="col" class="num">Empty</th><th scope="col" class="num">Cancelled</th></tr></thead>
<tbody>${editions.map(
    (e) =>
      html`<tr><th scope="row" class="nowrap"><a href="/admin/editions/${e.date}">${e.date}</a></th><td class="num">${e.planned}</td><td class="num">${e.sent}</td><td class="num">${e.queued}</td><td class="num">${e.deferred}</td><td class="num${e.failed > 0 ? ' bad' : ''}">${e.failed}</td><td class="num">${e.suppressed}</td><td class="num">${e.empty}</td><td class="num">${e.cancelled + e.otherSkipped}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The operator's first look: did today's edition go out, what failed, how the list grows, what comes next. */
export function renderOverviewPage(props: OverviewPageProps): Html {
  return renderAdminLayout({
    newsletterName: props.newsletterName,
    title: 'Overview',
    section: 'overview',
    body: html`<h1>Overview</h1>
<section class="card" aria-labelledby="editions-heading">
<h2 id="editions-heading">Editions</h2>
${renderEditionsTable(props.editions)}
${renderPager({ path: '/admin', page: props.page, hasMore: props.hasMore })}
</section>
<div class="charts">
<section class="card" aria-labelledby="daily-heading">
<h2 id="daily-heading">Last 30 days</h2>
<p class="legend hint"><span class="sent-key"></span>sent <span class="failed-key"></span>failed (UTC days)</p>
${raw(props.dailyChart)}
</section>
<section class="card" aria-labelledby="status-heading">
<h2 id="status-heading">Subscribers by state</h2>
${raw(props.statusChart)}
</section>
</div>
<div class="charts">
<section class="card" aria-labelledby="slots-heading">
<h2 id="slots-heading">Next scheduled slots</h2>
${
  props.upcoming.length === 0
    ? html`<p>No confirmed subscriber.</p>`
    : html`<div class="table-scroll" tabindex="0"><table class="data"><thead><tr><th scope="col">Due (UTC)</th><th scope="col">Subscriber</th><th scope="col">Their hour</th></tr></thead><tbody>${props.upcoming.map(
        (u) =>
          html`<tr><td class="nowrap">${u.nextDueAt ? formatStamp(u.nextDueAt) : 'next tick'}</td><td>${u.email}</td><td class="nowrap">${String(u.hour).padStart(2, '0')}:00 ${u.timezone}</td></tr>`,
      )}</tbody></table></div>`
}
</section>
<section class="card" aria-labelledby="leases-heading">
<h2 id="leases-heading">Leases in flight</h2>
${
  props.leases.length === 0
    ? html`<p>No delivery is being sent right now.</p>`
    : html`<div class="table-scroll" tabindex="0"><table class="data"><thead><tr><th scope="col">Sender</th><th scope="col" class="num">Deliveries</th><th scope="col">Lease ends</th></tr></thead><tbody>${props.leases.map(
        (l) =>
          html`<tr><td>${l.owner}</td><td class="num">${l.deliveries}</td><td class="nowrap${l.expiresAt < props.now.toISOString() ? ' bad' : ''}">${formatStamp(l.expiresAt)}${l.expiresAt < props.now.toISOString() ? ' (expired)' : ''}</td></tr>`,
      )}</tbody></table></div>`
}
</section>
</div>`,
  });
}
