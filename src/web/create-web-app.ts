import { readFileSync } from 'node:fs';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { sql } from 'kysely';
import type { Config } from '../config/index.ts';
import { buildIssuePreview, type IssuePreview } from '../delivery/build-issue-preview.ts';
import type { Mailer } from '../delivery/mailer.ts';
import { AppError, isAppError } from '../errors/index.ts';
import { listCanonicalTopics, suggestTopics } from '../match/index.ts';
import type { CompiledTemplates } from '../render/index.ts';
import type { Store, Subscriber } from '../store/index.ts';
import {
  buildSubscriberLinks,
  confirmSubscription,
  type EventLogger,
  findLinkedSubscriber,
  PreferencesForm,
  pauseSubscription,
  requestSubscription,
  resumeSubscription,
  SubscribeForm,
  type SubscriptionDeps,
  silentLogger,
  TopicList,
  unsubscribeSubscriber,
  updatePreferences,
  validateForm,
} from '../subscribers/index.ts';
import { requireAdmin } from './admin-auth.ts';
import { resolveClientIp } from './client-ip.ts';
import { type CsrfOptions, issueCsrfToken, protectFromCsrf } from './csrf-protection.ts';
import { describeErrorForPage, statusForError } from './error-responses.ts';
import { renderArchiveEditionPage, renderArchiveIndexPage } from './pages/archive-page.ts';
import { renderHomePage } from './pages/home-page.ts';
import { renderMessagePage } from './pages/layout.ts';
import { renderPreferencesPage } from './pages/preferences-page.ts';
import { previewPagePolicy, renderPreviewPage } from './pages/preview-page.ts';
import type { FormValues } from './pages/schedule-fields.ts';
import { renderUnsubscribePage } from './pages/unsubscribe-page.ts';
import { SlidingWindowLimiter } from './rate-limiter.ts';
import { createIssueRoutes } from './routes/issue-routes.ts';
import { createSampleIssueSource } from './sample-issue.ts';
import { applySecurityHeaders } from './security-headers.ts';

export interface WebAppDeps {
  store: Store;
  mailer: Mailer;
  templates: CompiledTemplates;
  config: Config;
  now?: () => Date;
  logger?: EventLogger;
  /**
   * Mounts more routes (the mail catcher's `/outbox`) after the built-in ones and before the 404
   * handler; they get the security headers, CSRF check and error pages too. `adminGuard` protects
   * operator pages the way /preview is protected (ADMIN_TOKEN, or localhost in development).
   */
  extraRoutes?: (app: Hono, tools: { adminGuard: MiddlewareHandler }) => void;
}

const hourMs = 3_600_000;
const maxBodyBytes = 32 * 1024;

const assets = {
  'app.css': { type: 'text/css; charset=utf-8', body: readAsset('app.css') },
  'app.js': { type: 'text/javascript; charset=utf-8', body: readAsset('app.js') },
} as const;

function readAsset(name: string): string {
  return readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
}

/**
 * The HTTP app: sign-up, double opt-in, preferences, one-click unsubscribe, archive, health.
 * Nothing here opens a port, so tests drive it with `app.request()`.
 *
 * @example
 * const app = createWebApp({ store, mailer, templates, config });
 * const server = await startWebServer(app, { host: config.HOST, port: config.PORT });
 */
export function createWebApp(deps: WebAppDeps): Hono {
  const { config, store } = deps;
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  const subscription: SubscriptionDeps = { ...deps, now, logger };
  const name = config.NEWSLETTER_NAME;
  const https = config.PUBLIC_URL.startsWith('https://');
  const csrf: CsrfOptions = {
    secret: config.SECRET,
    publicOrigin: new URL(config.PUBLIC_URL).origin,
    secureCookie: https,
  };
  const subscribeLimiter = new SlidingWindowLimiter(config.SUBSCRIBE_IP_LIMIT, hourMs);
  const samples = createSampleIssueSource(store, now);
  const exampleTopics = listCanonicalTopics();

  const app = new Hono();
  app.use(applySecurityHeaders({ https }));
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => c.text('Request body too large', 413),
    }),
  );
  // One-click unsubscribe is the only POST a third party (the mail provider) makes; the token is its authority.
  app.use(protectFromCsrf({ ...csrf, exempt: (c) => c.req.path.startsWith('/unsubscribe/') }));

  app.get('/healthz', async (c) => {
    try {
      await sql`select 1`.execute(store.db);
      return c.json({ status: 'ok' });
    } catch (error) {
      logger.error({ err: error }, 'health check failed');
      return c.json({ status: 'error', error: 'database unavailable' }, 503);
    }
  });

  // Browsers ask for it on every page; an empty answer keeps 404s out of logs.
  app.get('/favicon.ico', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(null, 204);
  });

  app.get('/assets/:name', (c) => {
    const asset = assets[c.req.param('name') as keyof typeof assets];
    if (!asset) return c.notFound();
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(asset.body, 200, { 'Content-Type': asset.type });
  });

  const showHome = (c: Context, values: FormValues, errors: Record<string, string>, status: 200 | 422) =>
    c.html(
      renderHomePage({
        newsletterName: name,
        csrfToken: issueCsrfToken(c, csrf),
        values,
        errors,
        exampleTopics,
      }),
      status,
    );

  app.get('/', (c) => showHome(c, {}, {}, 200));

  app.post('/subscribe', async (c) => {
    const decision = subscribeLimiter.hit(resolveClientIp(c, config.TRUST_PROXY), now());
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      throw new AppError('RATE_LIMITED', 'too many sign-up attempts from this address');
    }
    const values = await readForm(c);
    const form = validateForm(SubscribeForm, values);
    if (!form.ok) return showHome(c, values, form.errors, 422);
    const outcome = await requestSubscription(subscription, form.value, 'web');
    // Logged without the address: the log must not become an enumeration oracle either.
    logger.info({ outcome }, 'subscribe request');
    return c.redirect('/subscribe/check-inbox', 303);
  });

  app.get('/subscribe/check-inbox', (c) =>
    c.html(
      renderMessagePage({
        newsletterName: name,
        title: 'Check your inbox',
        paragraphs: [
          'If the address can receive our email, a message with a confirmation link is on its way. Click the link to start your subscription.',
          'Nothing arrives? Look in the spam folder, or wait a few minutes and subscribe again.',
        ],
      }),
    ),
  );

  app.get('/confirm/:token', async (c) => {
    const { subscriber, changed } = await confirmSubscription(subscription, c.req.param('token'));
    const links = buildSubscriberLinks(config.PUBLIC_URL, config.SECRET, subscriber.publicId);
    return c.redirect(
      `${new URL(links.preferencesUrl).pathname}?${changed ? 'confirmed' : 'already'}=1`,
      303,
    );
  });

  const preferencesNotices: Record<string, string> = {
    confirmed: 'Your subscription is confirmed. Welcome!',
    already: 'Your subscription was already confirmed.',
    saved: 'Your preferences are saved.',
    paused: 'Issues are paused.',
    resumed: 'Issues are on again.',
  };

  const showPreferences = (
    c: Context,
    subscriber: Subscriber,
    values: FormValues,
    errors: Record<string, string>,
    status: 200 | 422,
  ) => {
    const links = buildSubscriberLinks(config.PUBLIC_URL, config.SECRET, subscriber.publicId);
    const notice = Object.keys(preferencesNotices).find((key) => c.req.query(key) !== undefined);
    return c.html(
      renderPreferencesPage({
        newsletterName: name,
        csrfToken: issueCsrfToken(c, csrf),
        email: subscriber.email,
        status: subscriber.status,
        action: c.req.path,
        unsubscribeUrl: new URL(links.unsubscribeUrl).pathname,
        values,
        errors,
        ...(notice && status === 200 ? { notice: preferencesNotices[notice] } : {}),
      }),
      status,
    );
  };

  app.get('/preferences/:token', async (c) => {
    const subscriber = await findLinkedSubscriber(subscription, c.req.param('token'), 'manage');
    return showPreferences(c, subscriber, toFormValues(subscriber), {}, 200);
  });

  app.post('/preferences/:token', async (c) => {
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
        if (!form.ok) return showPreferences(c, subscriber, values, form.errors, 422);
        await updatePreferences(subscription, subscriber, form.value, 'web');
        return c.redirect(`${path}?saved=1`, 303);
      }
      default:
        return c.text('Unknown action', 400);
    }
  });

  app.get('/unsubscribe/:token', async (c) => {
    const subscriber = await findLinkedSubscriber(subscription, c.req.param('token'), 'unsubscribe');
    const links = buildSubscriberLinks(config.PUBLIC_URL, config.SECRET, subscriber.publicId);
    return c.html(
      renderUnsubscribePage({
        newsletterName: name,
        email: subscriber.email,
        action: c.req.path,
        preferencesUrl: new URL(links.preferencesUrl).pathname,
        alreadyUnsubscribed: subscriber.status === 'unsubscribed' || subscriber.status === 'suppressed',
      }),
    );
  });

  // RFC 8058: the mail provider POSTs `List-Unsubscribe=One-Click` with no cookies; it must take effect now.
  app.post('/unsubscribe/:token', async (c) => {
    const subscriber = await findLinkedSubscriber(subscription, c.req.param('token'), 'unsubscribe');
    const values = await readForm(c);
    const source = values.from === 'page' ? 'web' : 'email';
    await unsubscribeSubscriber(subscription, subscriber, source);
    const links = buildSubscriberLinks(config.PUBLIC_URL, config.SECRET, subscriber.publicId);
    return c.html(
      renderMessagePage({
        newsletterName: name,
        title: 'You are unsubscribed',
        paragraphs: [`${subscriber.email} will get no more issues of ${name}.`],
        links: [
          { href: new URL(links.preferencesUrl).pathname, label: 'Changed your mind? Subscribe again' },
        ],
      }),
    );
  });

  app.get('/archive', async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(
      renderArchiveIndexPage({ newsletterName: name, editions: await store.papers.listDigestDates() }),
    );
  });

  app.get('/archive/:date', async (c) => {
    const date = c.req.param('date');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
      throw new AppError('NOT_FOUND', `there is no edition "${date}"; dates look like 2025-03-11`);
    }
    const papers = await store.papers.listPapers({ digestDate: date });
    if (papers.length === 0) throw new AppError('NOT_FOUND', `there is no edition for ${date}`);
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(renderArchiveEditionPage({ newsletterName: name, date, papers }));
  });

  app.route('/', createIssueRoutes({ store, templates: deps.templates, config, clock: now }));

  app.get('/api/topics', (c) => {
    const prefix = (c.req.query('q') ?? '').slice(0, 100);
    return c.json({ suggestions: suggestTopics(prefix, 8) });
  });

  app.get('/api/sample', async (c) => {
    const parsed = TopicList.safeParse(c.req.query('topics') ?? '');
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]?.message ?? 'invalid topics' }, 400);
    if (parsed.data.length === 0) return c.json({ date: null, papers: [] });
    const sample = await samples.buildSample(parsed.data, 5);
    return c.json({
      date: sample.date,
      papers: sample.papers.map((ranked) => ({
        title: ranked.paper.title,
        url: ranked.paper.arxivId
          ? `https://arxiv.org/abs/${ranked.paper.arxivId}`
          : (ranked.paper.url ?? null),
        matchedTopics: ranked.matchedTopics,
        reasons: ranked.reasons.slice(0, 2),
      })),
    });
  });

  // One guard for every operator page: /preview here, /outbox through extraRoutes.
  const adminGuard = requireAdmin({
    adminToken: config.ADMIN_TOKEN,
    development: config.NODE_ENV === 'development',
    trustProxy: config.TRUST_PROXY,
  });
  app.use('/preview', adminGuard);

  app.get('/preview', async (c) => {
    const query = {
      email: c.req.query('email')?.trim() || undefined,
      topics: c.req.query('topics')?.trim() || undefined,
      date: c.req.query('date')?.trim() || undefined,
    };
    c.header('Content-Security-Policy', previewPagePolicy);
    const page = (preview?: IssuePreview) =>
      renderPreviewPage({
        newsletterName: name,
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
      { store, templates: deps.templates, config, now },
      {
        ...(query.email ? { email: query.email } : { topics: topics?.data ?? [] }),
        ...(query.date ? { date: query.date } : {}),
      },
    );
    return c.html(page(preview));
  });

  deps.extraRoutes?.(app, { adminGuard });

  app.notFound((c) =>
    c.html(
      renderMessagePage({
        newsletterName: name,
        title: 'Not found',
        paragraphs: ['There is no page at this address.'],
      }),
      404,
    ),
  );

  app.onError((error, c) => {
    if (!isAppError(error)) {
      logger.error({ err: error, path: c.req.path }, 'request failed');
      return respondWithError(c, 500, 'Something went wrong', ['Please try again later.']);
    }
    const status = statusForError(error.code);
    if (status >= 500) logger.error({ err: error, path: c.req.path }, 'request failed');
    if (error.code === 'UNAUTHORIZED')
      c.header('WWW-Authenticate', 'Basic realm="Paperboy admin", charset="UTF-8"');
    if (c.req.path.startsWith('/api/')) return c.json({ error: error.message, code: error.code }, status);
    const page = describeErrorForPage(error.code, error.message);
    return respondWithError(c, status, page.title, page.paragraphs);
  });

  function respondWithError(
    c: Context,
    status: ReturnType<typeof statusForError>,
    title: string,
    paragraphs: string[],
  ) {
    return c.html(
      renderMessagePage({ newsletterName: name, title, paragraphs, links: [{ href: '/', label: 'Home' }] }),
      status,
    );
  }

  return app;
}

/** Form fields as strings (files and repeated keys are not part of any of our forms). */
async function readForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') values[key] = value;
  return values;
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

function stripUndefined<T extends Record<string, string | undefined>>(
  record: T,
): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: string;
  };
}
