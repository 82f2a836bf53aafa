import { type Context, Hono } from 'hono';
import { findPaperUrl, formatAuthors } from '../../render/index.ts';
import type { Vote } from '../../store/index.ts';
import {
  buildSubscriberLinks,
  openRateLink,
  type RateAction,
  type RateTarget,
  ratePaper,
} from '../../subscribers/index.ts';
import { issueCsrfToken } from '../csrf-protection.ts';
import { renderRatePage } from '../pages/rate-page.ts';
import { readForm } from '../read-form.ts';
import type { WebContext } from '../web-context.ts';

const votes: readonly Vote[] = ['up', 'down'];
const actions: readonly RateAction[] = ['up', 'down', 'clear'];

function readVote(value: string | undefined): Vote | undefined {
  return votes.find((vote) => vote === value);
}

/**
 * The pages behind every issue's "More like this" / "Less like this" links
 * (`/rate/:token?paper=ID&vote=up|down`). The token binds the reader and the paper. A GET (or a
 * HEAD, as mail scanners send) shows one button and changes nothing; the button's POST records the
 * vote (a second vote replaces the first), then the page shows it with "Undo".
 */
export function createRateRoutes(ctx: WebContext): Hono {
  const routes = new Hono();
  const { config, newsletterName, subscription } = ctx;

  const open = (c: Context) =>
    openRateLink(subscription, c.req.param('token') ?? '', c.req.query('paper') ?? '');

  /** The link's own path and paper, without the vote: where the forms post and where a vote lands. */
  const pathOf = (c: Context, target: RateTarget) =>
    `${c.req.path}?paper=${encodeURIComponent(target.paper.id)}`;

  const show = (
    c: Context,
    target: RateTarget,
    view: { mode: 'ask' | 'done'; requested?: Vote | undefined; problem?: string },
    status: 200 | 422 = 200,
  ) =>
    c.html(
      renderRatePage({
        newsletterName,
        csrfToken: issueCsrfToken(c, ctx.csrf),
        action: pathOf(c, target),
        paper: {
          title: target.paper.title,
          url: findPaperUrl(target.paper) ?? null,
          authors: formatAuthors(target.paper.authors),
        },
        current: target.vote,
        preferencesUrl: new URL(
          buildSubscriberLinks(config.PUBLIC_URL, config.SECRET, target.subscriber.publicId).preferencesUrl,
        ).pathname,
        ...view,
      }),
      status,
    );

  // A link from an email asks (`vote=`); the same link without one shows what is recorded.
  routes.get('/rate/:token', async (c) => {
    const target = await open(c);
    const requested = readVote(c.req.query('vote'));
    const asking = c.req.query('vote') !== undefined;
    return show(c, target, { mode: asking ? 'ask' : 'done', requested });
  });

  routes.post('/rate/:token', async (c) => {
    const target = await open(c);
    const values = await readForm(c);
    const action = actions.find((a) => a === values.vote);
    if (!action) return c.text('Unknown vote', 400);
    const outcome = await ratePaper(subscription, target.subscriber, target.paper.id, action, 'web');
    if (!outcome.ok) return show(c, target, { mode: 'done', problem: outcome.problem }, 422);
    return c.redirect(pathOf(c, target), 303);
  });

  return routes;
}
