import { Hono } from 'hono';
import { liftSuppression } from '../../subscribers/index.ts';
import { issueCsrfToken } from '../csrf-protection.ts';
import {
  renderAuditPage,
  renderDigestsPage,
  renderFeedbackPage,
  renderSuppressionsPage,
} from '../pages/admin-list-pages.ts';
import { readForm } from '../read-form.ts';
import type { WebContext } from '../web-context.ts';
import { auditAction, readPage } from './admin-request.ts';

const rowsPerPage = 50;
const feedbackDays = 30;
const feedbackRows = 10;

/** The suppression list (and lifting one), digests with source status, feedback, and the audit trail. */
export function createAdminListRoutes(ctx: WebContext): Hono {
  const routes = new Hono();
  const { store } = ctx;

  routes.get('/suppressions', async (c) => {
    const page = readPage(c, rowsPerPage);
    const { suppressions, hasMore } = await store.suppressions.list(page);
    return c.html(
      renderSuppressionsPage({
        newsletterName: ctx.newsletterName,
        rows: suppressions,
        page: page.page,
        hasMore,
        csrf: issueCsrfToken(c, ctx.csrf),
        ...(c.req.query('done') === 'lifted' ? { notice: 'The suppression is lifted.' } : {}),
      }),
    );
  });

  routes.post('/suppressions/lift', async (c) => {
    const email = ((await readForm(c)).email ?? '').trim();
    const lifted = email ? await liftSuppression(store, email, ctx.clock()) : false;
    await auditAction(ctx, c, 'suppression.lift', `address:${email}`, { lifted });
    return c.redirect(lifted ? '/admin/suppressions?done=lifted' : '/admin/suppressions', 303);
  });

  routes.get('/digests', async (c) => {
    const page = readPage(c, rowsPerPage);
    const [{ digests, hasMore }, sources] = await Promise.all([
      store.admin.listDigests(page),
      store.sources.listLatestFetches(),
    ]);
    return c.html(
      renderDigestsPage({ newsletterName: ctx.newsletterName, digests, page: page.page, hasMore, sources }),
    );
  });

  routes.get('/feedback', async (c) => {
    const since = new Date(ctx.clock().getTime() - feedbackDays * 86_400_000).toISOString().slice(0, 10);
    const [liked, disliked] = await Promise.all([
      store.admin.listTopRatedPapers(since, 'up', feedbackRows),
      store.admin.listTopRatedPapers(since, 'down', feedbackRows),
    ]);
    return c.html(renderFeedbackPage({ newsletterName: ctx.newsletterName, since, liked, disliked }));
  });

  routes.get('/audit', async (c) => {
    const page = readPage(c, rowsPerPage);
    const { entries, hasMore } = await store.audit.list(page);
    return c.html(renderAuditPage({ newsletterName: ctx.newsletterName, entries, page: page.page, hasMore }));
  });

  return routes;
}
