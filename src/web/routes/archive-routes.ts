import { Hono } from 'hono';
import { AppError } from '../../errors/index.ts';
import { findPapers } from '../../store/index.ts';
import { maxSearchLength, renderArchiveEditionPage, renderArchiveIndexPage } from '../pages/archive-page.ts';
import type { WebContext } from '../web-context.ts';

/** A page of search results; more asks for more words. */
const searchLimit = 50;

/** Every edition with a search of all stored papers, and one edition with all papers of the day. */
export function createArchiveRoutes(ctx: WebContext): Hono {
  const routes = new Hono();
  const newsletterName = ctx.newsletterName;

  routes.get('/archive', async (c) => {
    const text = (c.req.query('q') ?? '').trim().slice(0, maxSearchLength);
    const [editions, result] = await Promise.all([
      ctx.store.papers.listDigestDates(),
      text ? findPapers(ctx.store.papers, text, { limit: searchLimit }) : undefined,
    ]);
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(
      renderArchiveIndexPage({ newsletterName, editions, ...(result ? { search: { text, result } } : {}) }),
    );
  });

  routes.get('/archive/:date', async (c) => {
    const date = c.req.param('date');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
      throw new AppError('NOT_FOUND', `there is no edition "${date}"; dates look like 2025-03-11`);
    }
    const [papers, editions] = await Promise.all([
      ctx.store.papers.listPapers({ digestDate: date }),
      ctx.store.papers.listDigestDates(),
    ]);
    if (papers.length === 0) throw new AppError('NOT_FOUND', `there is no edition for ${date}`);
    const yearGuessed = editions.find((e) => e.date === date)?.yearGuessed ?? false;
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(renderArchiveEditionPage({ newsletterName, date, yearGuessed, papers }));
  });

  return routes;
}
