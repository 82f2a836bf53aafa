import { Hono, type MiddlewareHandler } from 'hono';
import { buildIssuePreview, type IssuePreview } from '../../delivery/build-issue-preview.ts';
import { AppError } from '../../errors/index.ts';
import { TopicList } from '../../subscribers/index.ts';
import { previewPagePolicy, renderPreviewPage } from '../pages/preview-page.ts';
import type { WebContext } from '../web-context.ts';

/** An issue exactly as it would be sent, for operators only (`guard`: ADMIN_TOKEN, or localhost in development). */
export function createPreviewRoutes(ctx: WebContext, guard: MiddlewareHandler): Hono {
  const routes = new Hono();
  routes.use('/preview', guard);

  routes.get('/preview', async (c) => {
    const query = {
      email: c.req.query('email')?.trim() || undefined,
      topics: c.req.query('topics')?.trim() || undefined,
      date: c.req.query('date')?.trim() || undefined,
    };
    c.header('Content-Security-Policy', previewPagePolicy);
    const page = (preview?: IssuePreview) =>
      renderPreviewPage({
        newsletterName: ctx.newsletterName,
        query: stripUndefined(query),
        ...(preview ? { preview } : {}),
      });
    if (!query.email && !query.topics) return c.html(page());
    if (query.date && !/^\d{4}-\d{2}-\d{2}$/.test(query.date)) {
      throw new AppError('USAGE', `date must look like 2025-03-11, got "${query.date}"`);
    }
    const topics = query.topics ? TopicList.safeParse(query.topics) : undefined;
    if (topics && !topics.success)
      throw new AppError('PROFILE_INVALID', topics.error.issues[0]?.message ?? 'invalid topics');
    const preview = await buildIssuePreview(
      { store: ctx.store, templates: ctx.templates, config: ctx.config, clock: ctx.clock },
      {
        ...(query.email ? { email: query.email } : { topics: topics?.data ?? [] }),
        ...(query.date ? { date: query.date } : {}),
      },
    );
    return c.html(page(preview));
  });

  return routes;
}

function stripUndefined<T extends Record<string, string | undefined>>(
  record: T,
): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: string;
  };
}
