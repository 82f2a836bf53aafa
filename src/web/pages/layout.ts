import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface LayoutProps {
  title: string;
  newsletterName: string;
  body: Html;
  /** Adds the progressive-enhancement script (live sample, time-zone pre-fill, suggestions). */
  script?: boolean;
  /** An operator page (/preview, /outbox): adds operator.css, for emails and message tables. */
  operator?: boolean;
  /** A wider page, for content with its own width (an email in the outbox). */
  wide?: boolean;
  /** An /admin page: adds admin.css (tables, charts) and the admin navigation. */
  admin?: Html;
}

/** The page frame shared by every page: one stylesheet, no inline script or style (the CSP forbids both). */
export function renderLayout(props: LayoutProps): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${props.title} · ${props.newsletterName}</title>
<link rel="stylesheet" href="/assets/app.css">
${props.operator ? html`<link rel="stylesheet" href="/assets/operator.css">` : ''}
${props.admin ? html`<link rel="stylesheet" href="/assets/admin.css">` : ''}
${props.script ? html`<script src="/assets/app.js" defer></script>` : ''}
</head>
<body${props.wide ? html` class="wide"` : ''}>
<header class="site"><a href="/" class="brand">${props.newsletterName}</a><nav aria-label="Site"><a href="/archive">Archive</a></nav></header>
${props.admin ?? ''}
<main id="main">
${props.body}
</main>
</body>
</html>`;
}

/** A short page with a heading and a few sentences: confirmations, errors, "check your inbox". */
export function renderMessagePage(props: {
  newsletterName: string;
  title: string;
  paragraphs: readonly string[];
  links?: readonly { href: string; label: string }[];
}): Html {
  return renderLayout({
    title: props.title,
    newsletterName: props.newsletterName,
    body: html`<section class="card">
<h1>${props.title}</h1>
${props.paragraphs.map((p) => html`<p>${p}</p>`)}
${props.links?.length ? html`<p class="actions">${props.links.map((l) => html`<a class="button secondary" href="${l.href}">${l.label}</a> `)}</p>` : ''}
</section>`,
  });
}

/** The problem next to a field, tied to it for screen readers by `aria-describedby`. */
export function renderFieldError(field: string, errors: Readonly<Record<string, string>>): Html | '' {
  const message = errors[field];
  return message ? html`<p class="field-error" id="${field}-error">${message}</p>` : '';
}

/** Attributes that mark a field invalid and point at its message. */
export function describeInvalid(field: string, errors: Readonly<Record<string, string>>): Html | '' {
  return errors[field] ? html` aria-invalid="true" aria-describedby="${field}-error"` : '';
}
