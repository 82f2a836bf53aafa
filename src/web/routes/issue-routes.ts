import { Hono } from 'hono';
import { buildIssueWebView, type IssueWebViewDeps } from '../../delivery/build-issue-web-view.ts';

/**
 * The email's own HTML, shown as a page: its inline styles must apply, and nothing in it may run,
 * load from elsewhere than images, or be framed.
 */
export const issuePagePolicy = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src https: http: data:',
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * `GET /issue/:token`: a subscriber's own issue on the web, the emails' "View in browser" link. The
 * token is signed like every other link; a wrong or changed one is a 400, an issue that no longer
 * exists a 404, through the app's error pages.
 *
 * @example app.route('/', createIssueRoutes({ store, templates, config, clock }));
 */
export function createIssueRoutes(deps: IssueWebViewDeps): Hono {
  const app = new Hono();
  app.get('/issue/:token', async (c) => {
    const html = await buildIssueWebView(deps, c.req.param('token'));
    c.header('Content-Security-Policy', issuePagePolicy);
    // Personal (it carries the reader's own links) and never for search engines.
    c.header('Cache-Control', 'private, no-store');
    c.header('X-Robots-Tag', 'noindex');
    return c.html(html);
  });
  return app;
}
