import { type Context, Hono } from 'hono';
import { parseTopics } from '../../match/index.ts';
import { findPaperUrl, formatAuthors, formatNextIssue } from '../../render/index.ts';
import { computeNextSlot } from '../../schedule/compute-next-slot.ts';
import type { StoredPaper, Subscriber } from '../../store/index.ts';
import {
  buildSubscriberLinks,
  confirmSubscription,
  describeMissingProfile,
  findExamplePapers,
  findLinkedSubscriber,
  inspectConfirmLink,
  listRatedPapers,
  PreferencesForm,
  pauseSubscription,
  ratePaper,
  resumeSubscription,
  TopicList,
  unsubscribeSubscriber,
  updatePreferences,
  validateForm,
} from '../../subscribers/index.ts';
import { issueCsrfToken } from '../csrf-protection.ts';
import { renderConfirmPage } from '../pages/confirm-page.ts';
import { renderMessagePage } from '../pages/layout.ts';
import { type PreferencesPageProps, renderPreferencesPage } from '../pages/preferences-page.ts';
import type { ListedPaper } from '../pages/rated-papers-section.ts';
import type { FormValues } from '../pages/schedule-fields.ts';
import { renderUnsubscribePage } from '../pages/unsubscribe-page.ts';
import { readForm } from '../read-form.ts';
import { readSpellingHints } from '../spelling-hints.ts';
import type { WebContext } from '../web-context.ts';

/**
 * The notice a preferences page shows after a redirect with `?key=1`, in the order they are looked
 * for. All but "saved" say what the status line would say, so the page then leaves that line out.
 */
const preferencesNotices = new Map<string, (subscriber: Subscriber, now: Date) => string>([
  [
    'confirmed',
    // A confirmed subscriber is due at once (the scheduler's next tick sends the latest edition), then
    // at their own slots: the same computation the scheduler makes.
    (subscriber, now) =>
      `Your subscription is confirmed. Your first issue, with the latest papers on your topics, is on its way. Next issue: ${formatNextIssue(computeNextSlot(subscriber, now), now, subscriber.timezone)}.`,
  ],
  ['already', () => 'Your subscription was already confirmed.'],
  ['saved', () => 'Your preferences are saved.'],
  ['paused', () => 'Issues are paused.'],
  ['resumed', () => 'Issues are on again.'],
  ['liked', () => 'Added to the papers you liked.'],
  ['unrated', () => 'Your vote on that paper is undone.'],
]);

/** Which notices report a change of the subscription's status, so the page leaves the status line out. */
const statusNotices = new Set(['confirmed', 'already', 'paused', 'resumed']);

function toListedPaper(paper: StoredPaper): ListedPaper {
  return {
    id: paper.id,
    title: paper.title,
    url: findPaperUrl(paper) ?? null,
    authors: formatAuthors(paper.authors),
  };
}

/**
 * The pages behind the signed links in every email: confirm (a page with a button, whose POST
 * confirms), preferences (topics, schedule, pause) and unsubscribe, including the RFC 8058 one-click POST.
 */
export function createManageRoutes(ctx: WebContext): Hono {
  const routes = new Hono();
  const { config, newsletterName, subscription } = ctx;
  const linksOf = (subscriber: Subscriber) =>
    buildSubscriberLinks(config.PUBLIC_URL, config.SECRET, subscriber.publicId);

  const preferencesPath = (subscriber: Subscriber, notice: 'confirmed' | 'already') =>
    `${new URL(linksOf(subscriber).preferencesUrl).pathname}?${notice}=1`;

  // A GET (or HEAD) only shows the button: mail scanners fetch every link in an email.
  routes.get('/confirm/:token', async (c) => {
    const { subscriber, active } = await inspectConfirmLink(subscription, c.req.param('token'));
    if (active) return c.redirect(preferencesPath(subscriber, 'already'), 303);
    return c.html(
      renderConfirmPage({
        newsletterName,
        email: subscriber.email,
        action: c.req.path,
        csrfToken: issueCsrfToken(c, ctx.csrf),
      }),
    );
  });

  routes.post('/confirm/:token', async (c) => {
    const { subscriber, changed } = await confirmSubscription(subscription, c.req.param('token'));
    return c.redirect(preferencesPath(subscriber, changed ? 'confirmed' : 'already'), 303);
  });

  const showPreferences = async (
    c: Context,
    subscriber: Subscriber,
    values: FormValues,
    errors: Record<string, string>,
    status: 200 | 422,
    examples: Partial<PreferencesPageProps['examples']> = {},
  ) => {
    const [key, describe] = [...preferencesNotices].find(([key]) => c.req.query(key) !== undefined) ?? [];
    const notice = describe?.(subscriber, ctx.clock());
    const rated = (await listRatedPapers(subscription, subscriber)).map(({ paperId, vote, paper }) => ({
      ...(paper
        ? toListedPaper(paper)
        : { id: paperId, title: `${paperId} (no longer stored)`, url: null, authors: null }),
      vote,
    }));
    return c.html(
      renderPreferencesPage({
        newsletterName,
        csrfToken: issueCsrfToken(c, ctx.csrf),
        email: subscriber.email,
        status: subscriber.status,
        action: c.req.path,
        unsubscribeUrl: new URL(linksOf(subscriber).unsubscribeUrl).pathname,
        values,
        errors,
        examples: { rated, query: '', ...examples },
        didYouMean: await readSpellingHints(ctx, parseTopics(values.topics ?? '')),
        ...(notice && status === 200 ? { notice, noticeSaysStatus: statusNotices.has(key ?? '') } : {}),
      }),
      status,
    );
  };

  routes.get('/preferences/:token', async (c) => {
    const subscriber = await findLinkedSubscriber(subscription, c.req.param('token'), 'manage');
    return showPreferences(c, subscriber, toFormValues(subscriber), {}, 200);
  });

  routes.post('/preferences/:token', async (c) => {
    const subscriber = await findLinkedSubscriber(subscription, c.req.param('token'), 'manage');
    const values = await readForm(c);
    const path = c.req.path;
    switch (values.action) {
      case 'pause':
        await pauseSubscription(subscription, subscriber, 'web');
        return c.redirect(`${path}?paused=1`, 303);
      case 'resume':
        await resumeSubscription(subscription, subscriber, 'web');
        return c.redirect(`${path}?resumed=1`, 303);
      case 'save': {
        const form = validateForm(PreferencesForm, values);
        // Topics may be empty for a reader with liked papers; only the store knows the likes.
        const likes = (await listRatedPapers(subscription, subscriber)).filter((r) => r.vote === 'up');
        const topics = TopicList.safeParse(values.topics ?? '');
        const missing = topics.success ? describeMissingProfile(topics.data, likes.length) : undefined;
        if (!form.ok || missing) {
          const errors = { ...(missing ? { topics: missing } : {}), ...(form.ok ? {} : form.errors) };
          return showPreferences(c, subscriber, values, errors, 422);
        }
        await updatePreferences(subscription, subscriber, form.value, 'web');
        return c.redirect(`${path}?saved=1`, 303);
      }
      // "Example papers": an arXiv id or link is added at once; title words list papers to pick from.
      case 'example': {
        const query = values.example ?? '';
        const found = await findExamplePapers(subscription, subscriber, query);
        if (found.kind === 'added') return c.redirect(`${path}?liked=1#rated`, 303);
        const examples =
          found.kind === 'found'
            ? { query, results: found.search.papers.map(toListedPaper), more: found.search.more }
            : { query, problem: found.problem };
        return showPreferences(
          c,
          subscriber,
          toFormValues(subscriber),
          {},
          found.kind === 'found' ? 200 : 422,
          examples,
        );
      }
      case 'like':
      case 'unrate': {
        const action = values.action === 'like' ? 'up' : 'clear';
        const source = values.action === 'like' ? 'example' : 'web';
        const outcome = await ratePaper(subscription, subscriber, values.paper ?? '', action, source);
        if (!outcome.ok) {
          return showPreferences(c, subscriber, toFormValues(subscriber), {}, 422, {
            ratedProblem: outcome.problem,
          });
        }
        return c.redirect(`${path}?${values.action === 'like' ? 'liked' : 'unrated'}=1#rated`, 303);
      }
      default:
        return c.text('Unknown action', 400);
    }
  });

  routes.get('/unsubscribe/:token', async (c) => {
    const subscriber = await findLinkedSubscriber(subscription, c.req.param('token'), 'unsubscribe');
    return c.html(
      renderUnsubscribePage({
        newsletterName,
        email: subscriber.email,
        action: c.req.path,
        preferencesUrl: new URL(linksOf(subscriber).preferencesUrl).pathname,
        alreadyUnsubscribed: subscriber.status === 'unsubscribed' || subscriber.status === 'suppressed',
      }),
    );
  });

  // RFC 8058: the mail provider POSTs `List-Unsubscribe=One-Click` with no cookies; it must take effect now.
  routes.post('/unsubscribe/:token', async (c) => {
    const subscriber = await findLinkedSubscriber(subscription, c.req.param('token'), 'unsubscribe');
    const values = await readForm(c);
    const source = values.from === 'page' ? 'web' : 'email';
    await unsubscribeSubscriber(subscription, subscriber, source);
    return c.html(
      renderMessagePage({
        newsletterName,
        title: 'You are unsubscribed',
        paragraphs: [`${subscriber.email} will get no more issues of ${newsletterName}.`],
        links: [
          {
            href: new URL(linksOf(subscriber).preferencesUrl).pathname,
            label: 'Changed your mind? Subscribe again',
          },
        ],
      }),
    );
  });

  return routes;
}

function toFormValues(subscriber: Subscriber): FormValues {
  return {
    topics: subscriber.topics.join(', '),
    exclude: subscriber.exclude.join(', '),
    breadth: subscriber.breadth,
    maxPapers: String(subscriber.maxPapers),
    frequency: subscriber.frequency,
    weekday: String(subscriber.weekday ?? 1),
    hour: String(subscriber.hour),
    timezone: subscriber.timezone,
  };
}
