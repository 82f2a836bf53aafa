import type { Context } from 'hono';
import { Hono } from 'hono';
import { AppError } from '../../errors/index.ts';
import type { Store } from '../../store/index.ts';
import {
  applyOperatorAction,
  formatSubscribersCsv,
  type OperatorAction,
  operatorActions,
} from '../../subscribers/index.ts';
import { issueCsrfToken } from '../csrf-protection.ts';
import {
  renderConfirmActionPage,
  renderSubscriberPage,
  renderSubscribersPage,
} from '../pages/admin-subscriber-pages.ts';
import type { WebContext } from '../web-context.ts';
import { auditAction, readPage } from './admin-request.ts';

const subscribersPerPage = 50;
const historyLength = 60;

const notices: Record<string, string> = {
  suppress: 'The address is suppressed.',
  unsuppress: 'The suppression is lifted.',
  delete: 'The subscriber was deleted.',
};

/** Search, one subscriber's page, the confirm-then-POST actions, and the CSV export. */
export function createAdminSubscriberRoutes(ctx: WebContext): Hono {
  const routes = new Hono();
  const { store } = ctx;

  routes.get('/subscribers', async (c) => {
    const query = (c.req.query('q') ?? '').trim().slice(0, 200);
    const page = readPage(c, subscribersPerPage);
    const found = await store.admin.searchSubscribers(query, page);
    const notice = notices[c.req.query('done') ?? ''];
    return c.html(
      renderSubscribersPage({
        newsletterName: ctx.newsletterName,
        query,
        rows: found.subscribers,
        page: page.page,
        hasMore: found.hasMore,
        ...(notice ? { notice } : {}),
      }),
    );
  });

  routes.get('/subscribers.csv', async (c) => {
    const subscribers = await store.subscribers.list();
    const ratings = await store.ratings.listIdsForSubscribers(subscribers.map((s) => s.id));
    await auditAction(ctx, c, 'subscribers.export', 'subscribers', { rows: subscribers.length });
    return c.body(formatSubscribersCsv(subscribers, ratings), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="subscribers-${ctx.clock().toISOString().slice(0, 10)}.csv"`,
    });
  });

  routes.get('/subscribers/:id', async (c) => {
    const subscriber = await findSubscriber(store, c.req.param('id'));
    const [suppression, deliveries, ratings] = await Promise.all([
      store.suppressions.find(subscriber.email),
      store.admin.listSubscriberDeliveries(subscriber.id, historyLength),
      store.ratings.listForSubscriber(subscriber.id),
    ]);
    const titles = new Map(
      (await store.papers.listPapersByIds(ratings.map((r) => r.paperId))).map((p) => [p.id, p.title]),
    );
    const notice = notices[c.req.query('done') ?? ''];
    return c.html(
      renderSubscriberPage({
        newsletterName: ctx.newsletterName,
        subscriber,
        ...(suppression ? { suppression } : {}),
        deliveries,
        ratings: ratings.map((r) => ({ ...r, title: titles.get(r.paperId) ?? r.paperId })),
        ...(notice ? { notice } : {}),
      }),
    );
  });

  routes.get('/subscribers/:id/:action', async (c) => {
    const action = readAction(c);
    const subscriber = await findSubscriber(store, c.req.param('id'));
    return c.html(
      renderConfirmActionPage({
        newsletterName: ctx.newsletterName,
        subscriber,
        action,
        csrf: issueCsrfToken(c, ctx.csrf),
      }),
    );
  });

  routes.post('/subscribers/:id/:action', async (c) => {
    const action = readAction(c);
    const subscriber = await findSubscriber(store, c.req.param('id'));
    const outcome = await applyOperatorAction(store, subscriber, action, ctx.clock());
    await auditAction(ctx, c, `subscriber.${action}`, `subscriber:${subscriber.email}`, outcome);
    return c.redirect(
      action === 'delete'
        ? '/admin/subscribers?done=delete'
        : `/admin/subscribers/${subscriber.id}?done=${action}`,
      303,
    );
  });

  return routes;
}

function readAction(c: Context): OperatorAction {
  const action = c.req.param('action') as OperatorAction;
  if (!operatorActions.includes(action)) throw new AppError('NOT_FOUND', 'no such action');
  return action;
}

async function findSubscriber(store: Store, id: string) {
  const subscriber = /^\d{1,12}$/.test(id) ? await store.subscribers.findById(Number(id)) : undefined;
  if (!subscriber) throw new AppError('NOT_FOUND', 'no such subscriber');
  return subscriber;
}
