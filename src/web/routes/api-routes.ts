import { Hono } from 'hono';
import { sql } from 'kysely';
import { findWordlessTopics, suggestTopics } from '../../match/index.ts';
import { formatEditionDate } from '../../render/index.ts';
import { TopicDraft } from '../../subscribers/index.ts';
import { toSamplePaper } from '../sample-issue.ts';
import type { WebContext } from '../web-context.ts';

/** JSON for the pages' script (topic suggestions, the live sample) and the health check. */
export function createApiRoutes(ctx: WebContext): Hono {
  const routes = new Hono();

  routes.get('/healthz', async (c) => {
    try {
      await sql`select 1`.execute(ctx.store.db);
      return c.json({ status: 'ok' });
    } catch (error) {
      ctx.logger.error({ err: error }, 'health check failed');
      return c.json({ status: 'error', error: 'database unavailable' }, 503);
    }
  });

  routes.get('/api/topics', (c) => {
    const prefix = (c.req.query('q') ?? '').slice(0, 100);
    return c.json({ suggestions: suggestTopics(prefix, 8) });
  });

  routes.get('/api/sample', async (c) => {
    const parsed = TopicDraft.safeParse(c.req.query('topics') ?? '');
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]?.message ?? 'invalid topics' }, 400);
    // A topic still being typed ("on" of "on-device LLMs") has no word yet: it waits, unremarked.
    const wordless = new Set(findWordlessTopics(parsed.data));
    const topics = parsed.data.filter((topic) => !wordless.has(topic));
    if (topics.length === 0) return c.json({ date: null, dateLabel: null, papers: [], didYouMean: [] });
    const sample = await ctx.samples.buildSample(topics, 5);
    // The label has no year: a text digest's year may be a guess, and the latest edition needs none.
    const dateLabel = sample.date === null ? null : formatEditionDate(sample.date).short;
    return c.json({
      date: sample.date,
      dateLabel,
      papers: sample.papers.map(toSamplePaper),
      didYouMean: sample.didYouMean,
    });
  });

  return routes;
}
