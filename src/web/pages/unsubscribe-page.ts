import { html } from 'hono/html';
import { type Html, renderLayout } from './layout.ts';

/**
 * The page behind the footer's "Unsubscribe" link: one button. The form posts to the same URL as a
 * mail client's one-click request, so both paths run the same code.
 */
export function renderUnsubscribePage(props: {
  newsletterName: string;
  email: string;
  action: string;
  preferencesUrl: string;
  alreadyUnsubscribed: boolean;
}): Html {
  return renderLayout({
    title: 'Unsubscribe',
    newsletterName: props.newsletterName,
    body: html`<section class="card">
<h1>Unsubscribe</h1>
${
  props.alreadyUnsubscribed
    ? html`<p><strong>${props.email}</strong> is already unsubscribed from ${props.newsletterName}.</p>`
    : html`<p>Stop sending ${props.newsletterName} to <strong>${props.email}</strong>?</p>
<form method="post" action="${props.action}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<input type="hidden" name="from" value="page">
<p><button type="submit">Unsubscribe</button></p>
</form>`
}
<p>Too many emails, or the wrong papers? You can <a href="${props.preferencesUrl}">pause issues or change your topics</a> instead.</p>
</section>`,
  });
}
