import { html } from 'hono/html';
import { type Html, renderLayout } from './layout.ts';

/**
 * The page behind the confirmation email's link: one button. Opening the link changes nothing, so a
 * mail scanner that fetches every link cannot sign anybody up; the button's POST confirms.
 */
export function renderConfirmPage(props: {
  newsletterName: string;
  email: string;
  action: string;
  csrfToken: string;
}): Html {
  return renderLayout({
    title: 'Confirm your subscription',
    newsletterName: props.newsletterName,
    body: html`<section class="card">
<h1>Confirm your subscription</h1>
<p>Start sending ${props.newsletterName} to <strong>${props.email}</strong>?</p>
<form method="post" action="${props.action}">
<input type="hidden" name="_csrf" value="${props.csrfToken}">
<p><button type="submit">Confirm subscription</button></p>
</form>
<p class="hint">Did not ask for this? Close this page: nothing is sent until the button is pressed.</p>
</section>`,
  });
}
