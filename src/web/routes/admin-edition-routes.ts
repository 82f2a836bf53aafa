import { Hono } from 'hono';
import { AppError } from '../../errors/index.ts';
import { fillDays, renderDailyChart, renderStatusChart } from '../../render/index.ts';
import {
  cancelledReason,
  type DeliveryStatus,
  deliveryStatuses,
  subscriberStatuses,
} from '../../store/index.ts';
import { issueCsrfToken } from '../csrf-protection.ts';
import { createDailyOutcomesSource } from '../daily-outcomes-cache.ts';
import { renderEditionPage } from '../pages/admin-edition-page.ts';
import { renderOverviewPage } from '../pages/admin-overview-page.ts';
import type { WebContext } from '../web-context.ts';
import { auditAction, readPage } from './admin-request.ts';

const editionsPerPage = 14;
const deliveriesPerPage = 50;
const chartDays = 30;
/** How long a past day's bar in the overview chart is reused before it is counted again. */
const pastDaysMaxAgeMs = 5 * 60_000;

const notices: Record<string, (n: number) => string> = {
  retried: (n) =>
    `${n} failed ${n === 1 ? 'delivery is' : 'deliveries are'} queued again; the sender takes them on its next poll.`,
  cancelled: (n) => `${n} ${n === 1 ? 'delivery was' : 'deliveries were'} cancelled.`,
};

/** The overview and one edition's page with its two actions. */
export function createAdminEditionRoutes(ctx: WebContext): Hono {
  const routes = new Hono();
  const { store } = ctx;
  const outcomes = createDailyOutcomesSource(store, { maxAgeMs: pastDaysMaxAgeMs });

  routes.get('/', async (c) => {
    const now = ctx.clock();
    const page = readPage(c, editionsPerPage);
    const today = now.toISOString().slice(0, 10);
    const days = fillDays(today, chartDays, []).map((d) => d.day);
    const since = days[0] ?? today;
    const [editions, chart, states, upcoming, leases] = await Promise.all([
      store.admin.listEditions(page),
      outcomes.load(days, today),
      store.admin.countSubscribersByStatus(),
      store.schedule.listUpcoming(10),
      store.admin.listLeasesInFlight(20),
    ]);
    return c.html(
      renderOverviewPage({
        newsletterName: ctx.newsletterName,
        editions: editions.editions,
        page: page.page,
        hasMore: page.offset + editions.editions.length < editions.total,
        dailyChart: renderDailyChart(chart, {
          title: `Sends and failures per day, ${since} to ${today}`,
        }),
        statusChart: renderStatusChart(
          subscriberStatuses.map((s) => ({ label: s, value: states[s] ?? 0 })),
          { title: 'Subscribers by state' },
        ),
        upcoming,
        leases,
        now,
      }),
    );
  });

  routes.get('/editions/:date', async (c) => {
    const edition = await findEdition(ctx, c.req.param('date'));
    const requested = c.req.query('status');
    const status = deliveryStatuses.includes(requested as DeliveryStatus)
      ? (requested as DeliveryStatus)
      : undefined;
    const page = readPage(c, deliveriesPerPage);
    const [deliveries, counts, papers] = await Promise.all([
      store.admin.listEditionDeliveries(edition.id, { ...page, ...(status ? { status } : {}) }),
      store.admin.countEditionPapers(edition.id),
      store.papers.listPapers({ digestDate: edition.date }),
    ]);
    const notice = notices[c.req.query('done') ?? '']?.(Number(c.req.query('n') ?? 0));
    return c.html(
      renderEditionPage({
        newsletterName: ctx.newsletterName,
        edition,
        deliveries: deliveries.deliveries,
        ...(status ? { status } : {}),
        page: page.page,
        hasMore: deliveries.hasMore,
        papers: papers
          .map((p) => ({ id: p.id, title: p.title, ...(counts.get(p.id) ?? { planned: 0, sent: 0 }) }))
          .sort((a, b) => b.planned - a.planned || a.title.localeCompare(b.title)),
        csrf: issueCsrfToken(c, ctx.csrf),
        ...(notice ? { notice } : {}),
      }),
    );
  });

  routes.post('/editions/:date/retry-failed', async (c) => {
    const edition = await findEdition(ctx, c.req.param('date'));
    const n = await store.editions.requeueFailed(edition.id, ctx.clock());
    outcomes.forget();
    await auditAction(ctx, c, 'edition.retry_failed', `edition:${edition.date}`, { deliveries: n });
    return c.redirect(`/admin/editions/${edition.date}?done=retried&n=${n}`, 303);
  });

  routes.post('/editions/:date/cancel-rest', async (c) => {
    const edition = await findEdition(ctx, c.req.param('date'));
    const n = await store.editions.cancelUnsent(edition.id, cancelledReason, ctx.clock());
    outcomes.forget();
    await auditAction(ctx, c, 'edition.cancel_rest', `edition:${edition.date}`, { deliveries: n });
    return c.redirect(`/admin/editions/${edition.date}?done=cancelled&n=${n}`, 303);
  });

  return routes;
}

async function findEdition(ctx: WebContext, date: string) {
  const edition = /^\d{4}-\d{2}-\d{2}$/.test(date) ? await ctx.store.admin.findEdition(date) : undefined;
  if (!edition) throw new AppError('NOT_FOUND', `no edition of ${date}`);
  return edition;
}
