import { html } from 'hono/html';
import { type Html, renderLayout } from './layout.ts';

export type AdminSection = 'overview' | 'subscribers' | 'suppressions' | 'digests' | 'feedback' | 'audit';

const sections: { id: AdminSection; href: string; label: string }[] = [
  { id: 'overview', href: '/admin', label: 'Overview' },
  { id: 'subscribers', href: '/admin/subscribers', label: 'Subscribers' },
  { id: 'suppressions', href: '/admin/suppressions', label: 'Suppressions' },
  { id: 'digests', href: '/admin/digests', label: 'Digests' },
  { id: 'feedback', href: '/admin/feedback', label: 'Feedback' },
  { id: 'audit', href: '/admin/audit', label: 'Audit' },
];

/** The frame of every /admin page: the site layout, wide, with the admin navigation under the header. */
export function renderAdminLayout(props: {
  newsletterName: string;
  title: string;
  section: AdminSection;
  body: Html;
}): Html {
  return renderLayout({
    title: `${props.title} · Admin`,
    newsletterName: props.newsletterName,
    operator: true,
    wide: true,
    admin: html`<nav class="admin" aria-label="Admin">${sections.map(
      (s) =>
        html`<a href="${s.href}"${s.id === props.section ? html` aria-current="page"` : ''}>${s.label}</a>`,
    )}</nav>`,
    body: props.body,
  });
}

/** A timestamp as `2025-03-11 09:00` (UTC), the way every admin table shows one. */
export function formatStamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The hidden field every admin form carries. */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

/** "Newer" and "Older" links around a page of a list, keeping the other query parameters. */
export function renderPager(props: {
  path: string;
  page: number;
  hasMore: boolean;
  params?: Record<string, string | undefined>;
}): Html | '' {
  if (props.page <= 1 && !props.hasMore) return '';
  const link = (page: number) => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(props.params ?? {})) if (v) query.set(k, v);
    query.set('page', String(page));
    return `${props.path}?${query}`;
  };
  return html`<nav class="pager" aria-label="Pages">${props.page > 1 ? html`<a href="${link(props.page - 1)}" rel="prev">Newer</a>` : ''}<span>Page ${props.page}</span>${props.hasMore ? html`<a href="${link(props.page + 1)}" rel="next">Older</a>` : ''}</nav>`;
}

/** A one-line confirmation after an action (the action's redirect carries a fixed key, never free text). */
export function renderNotice(notice: string | undefined): Html | '' {
  return notice ? html`<p class="notice" role="status">${notice}</p>` : '';
}
