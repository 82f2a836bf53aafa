import { AppError } from '../errors/index.ts';
import type { CompiledTemplates, FillTemplate } from './compile-templates.ts';
import type { IssueData, RenderedIssue } from './issue-data.ts';
import { buildIssueView, type IssueView, type IssueViewOptions } from './issue-view.ts';

/**
 * Gmail clips HTML past about 102 KB and hides everything after the cut, the unsubscribe link
 * included. The email stays under this many bytes whatever `maxPapers` is.
 */
export const maxIssueHtmlBytes = 99_000;

export interface RenderIssueOptions {
  /** `email` (default) fits Gmail's limit and links to the web version; `web` is that page, with every paper. */
  format?: IssueViewOptions['format'];
}

/**
 * Renders one subscriber's issue. Pure: the same templates and data give the same bytes.
 * Paper text is data, escaped exactly once by Handlebars, so `3<z<10` or `{{` show up literally.
 * An email that would pass `maxIssueHtmlBytes` gets one-sentence excerpts, and if that is not
 * enough, its last papers move to the web version, which a line at the end links to.
 *
 * @example
 * const issue = renderIssue(templates, { newsletterName: 'Paperboy', date: '2024-03-11', sentOn: '2024-03-12',
 *   papers, topics, links: { preferencesUrl, unsubscribeUrl, webUrl }, postalAddress });
 */
export function renderIssue(
  templates: CompiledTemplates,
  data: IssueData,
  options: RenderIssueOptions = {},
): RenderedIssue {
  const format = options.format ?? 'email';
  const render = (viewOptions: Partial<IssueViewOptions>) => {
    const view = buildIssueView(data, { ...viewOptions, format });
    return { view, html: fill(templates.issue.html, view, 'issue.mjml') };
  };
  let best = render({});
  if (format === 'web' || fits(best.html)) return finish(templates, best.view, best.html);
  best = render({ excerpts: 'short' });
  if (fits(best.html)) return finish(templates, best.view, best.html);
  // Binary search for the most papers that fit; the footer and the web link always do.
  let low = 0;
  let high = data.papers.length - 1;
  best = render({ excerpts: 'short', limit: 0 });
  while (low <= high) {
    const limit = Math.floor((low + high) / 2);
    const attempt = render({ excerpts: 'short', limit });
    if (fits(attempt.html)) {
      best = attempt;
      low = limit + 1;
    } else {
      high = limit - 1;
    }
  }
  return finish(templates, best.view, best.html);
}

function fits(html: string): boolean {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: most issues fit without counting them (~13 µs).
  return html.length * 3 <= maxIssueHtmlBytes || Buffer.byteLength(html, 'utf8') <= maxIssueHtmlBytes;
}

function finish(templates: CompiledTemplates, view: IssueView, html: string): RenderedIssue {
  return {
    subject: view.subject,
    preheader: view.preheader,
    html,
    text: fill(templates.issue.text, view, 'issue.txt.hbs'),
    papersInWebOnly: view.webOnly?.count ?? 0,
  };
}

/** Handlebars strict mode throws on a missing field; name the template so the cause is obvious. */
export function fill(template: FillTemplate, view: object, file: string): string {
  try {
    return template(view);
  } catch (error) {
    throw new AppError(
      'RENDER_FAILED',
      `template ${file}: ${error instanceof Error ? error.message : error}`,
      {
        cause: error,
        details: { template: file },
      },
    );
  }
}
