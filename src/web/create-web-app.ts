import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isAppError } from '../errors/index.ts';
import { requireAdmin } from './admin-auth.ts';
import { protectFromCsrf } from './csrf-protection.ts';
import { describeErrorForPage, statusForError } from './error-responses.ts';
import { renderMessagePage } from './pages/layout.ts';
import { createAdminGate, createAdminRoutes } from './routes/admin-routes.ts';
import { createApiRoutes } from './routes/api-routes.ts';
import { createArchiveRoutes } from './routes/archive-routes.ts';
import { createAssetRoutes } from './routes/asset-routes.ts';
import { createIssueRoutes } from './routes/issue-routes.ts';
import { createManageRoutes } from './routes/manage-routes.ts';
import { createPreviewRoutes } from './routes/preview-routes.ts';
import { createRateRoutes } from './routes/rate-routes.ts';
import { createSubscribeRoutes } from './routes/subscribe-routes.ts';
import { applySecurityHeaders } from './security-headers.ts';
import { createWebContext, type WebAppDeps } from './web-context.ts';

export type { WebAppDeps } from './web-context.ts';

const maxBodyBytes = 32 * 1024;

/**
 * The HTTP app: sign-up, double opt-in, preferences, one-click unsubscribe, archive, preview, health.
 * This is the one place the route modules are composed, under the same security headers, body
 * limit, CSRF check, 404 page and error pages. Nothing here opens a port, so tests drive it with
 * `app.request()`.
 *
 * @example
 * const app = createWebApp({ store, mailer, templates, config });
 * const server = await startWebServer(app, { host: config.HOST, port: config.PORT });
 */
export function createWebApp(deps: WebAppDeps): Hono {
  const ctx = createWebContext(deps);
  const { config, logger, newsletterName } = ctx;

  const app = new Hono();
  app.use(applySecurityHeaders({ https: ctx.csrf.secureCookie }));
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => c.text('Request body too large', 413),
    }),
  );
  // One guard for every operator page: /preview here, /outbox through extraRoutes.
  const adminGuard = requireAdmin({
    adminToken: config.ADMIN_TOKEN,
    adminLabel: config.ADMIN_LABEL,
    development: config.NODE_ENV === 'development',
    trustProxy: config.TRUST_PROXY,
    publicUrl: config.PUBLIC_URL,
  });
  // The admin area answers a bare 401 before anything else looks at the request (CSRF, routing).
  const adminGate = createAdminGate(adminGuard);
  app.use('/admin', adminGate);
  app.use('/admin/*', adminGate);
  // One-click unsubscribe is the only POST a third party (the mail provider) makes; the token is its authority.
  app.use(protectFromCsrf({ ...ctx.csrf, exempt: (c) => c.req.path.startsWith('/unsubscribe/') }));

  app.route('/', createApiRoutes(ctx));
  app.route('/', createAssetRoutes());
  app.route('/', createSubscribeRoutes(ctx));
  app.route('/', createManageRoutes(ctx));
  app.route('/', createRateRoutes(ctx));
  app.route('/', createArchiveRoutes(ctx));
  app.route('/', createIssueRoutes(ctx));
  app.route('/', createPreviewRoutes(ctx, adminGuard));
  app.route('/admin', createAdminRoutes(ctx));
  deps.extraRoutes?.(app, { adminGuard });

  const respondWithError = (
    c: Context,
    status: ReturnType<typeof statusForError>,
    title: string,
    paragraphs: string[],
  ) =>
    c.html(
      renderMessagePage({ newsletterName, title, paragraphs, links: [{ href: '/', label: 'Home' }] }),
      status,
    );

  app.notFound((c) =>
    c.html(
      renderMessagePage({
        newsletterName,
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

  return app;
}
