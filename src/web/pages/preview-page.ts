import { html } from 'hono/html';
import type { IssuePreview } from '../../delivery/build-issue-preview.ts';
import { type Html, renderLayout } from './layout.ts';

/**
 * The email's HTML is shown in sandboxed `srcdoc` frames: no scripts, no access to this page. The
 * frames inherit this page's policy, which therefore allows inline styles and remote images.
 */
export const previewPagePolicy = [
  "default-src 'none'",
  "style-src 'self' 'unsafe-inline'",
  'img-src https: http: data:',
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export interface PreviewPageProps {
  newsletterName: string;
  query: { email?: string; topics?: string; date?: string };
  preview?: IssuePreview;
}

/** The operator's preview: any subscriber's issue as sent, at desktop and phone width, plus text and headers. */
export function renderPreviewPage(props: PreviewPageProps): Html {
  const { query, preview } = props;
  return renderLayout({
    title: preview ? `Preview: ${preview.subject}` : 'Preview an issue',
    newsletterName: props.newsletterName,
    operator: true,
    wide: true,
    body: html`<section class="card">
<h1>Preview an issue</h1>
<form method="get" action="/preview">
<div class="row">
<div class="field"><label for="email">Subscriber email</label><input id="email" name="email" type="email" value="${query.email ?? ''}"></div>
<div class="field"><label for="topics">or topics</label><input id="topics" name="topics" type="text" value="${query.topics ?? ''}"></div>
<div class="field"><label for="date">Edition date</label><input id="date" name="date" type="text" placeholder="latest" pattern="\\d{4}-\\d{2}-\\d{2}" value="${query.date ?? ''}"></div>
</div>
<p><button type="submit">Preview</button></p>
</form>
</section>
${
  preview
    ? html`<section class="card">
<h2>${preview.subject}</h2>
<p class="hint">To ${preview.to} · edition ${preview.date} · ${preview.paperCount} ${preview.paperCount === 1 ? 'paper' : 'papers'} · ${preview.preheader}</p>
<div class="preview-frames">
<figure><figcaption>Desktop, 600px</figcaption><iframe title="Issue at 600 pixels wide" width="600" sandbox="" srcdoc="${preview.html}"></iframe></figure>
<figure><figcaption>Phone, 375px</figcaption><iframe title="Issue at 375 pixels wide" width="375" sandbox="" srcdoc="${preview.html}"></iframe></figure>
</div>
</section>
<section class="card"><h2>Text part</h2><pre class="preview-text">${preview.text}</pre></section>
<section class="card"><h2>Headers</h2><table class="headers"><tbody>${preview.headers.map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`)}</tbody></table></section>`
    : ''
}`,
  });
}
