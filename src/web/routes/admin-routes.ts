import { Hono, type MiddlewareHandler } from 'hono';
import { isAppError } from '../../errors/index.ts';
import type { WebContext } from '../web-context.ts';
import { createAdminEditionRoutes } from './admin-edition-routes.ts';
import { createAdminListRoutes } from './admin-list-routes.ts';
import { createAdminSubscriberRoutes } from './admin-subscriber-routes.ts';

/**
 * The admin area under /admin. Every request passes the admin guard first, whatever the path, so a
 * wrong or missing token gets the same bare 401 for a page that exists and one that does not. Every
 * answer is `Cache-Control: no-store`: these pages hold subscribers' addresses.
 */
export function createAdminRoutes(ctx: WebContext, guard: MiddlewareHandler): Hono {
  const routes = new Hono();
  routes.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    let allowed = false;
    try {
      await guard(c, async () => {
        allowed = true;
      });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'UNAUTHORIZED') throw error;
    }
    if (!allowed) {
      return c.text('Unauthorized', 401, {
        'WWW-Authenticate': 'Basic realm="Paperboy admin", charset="UTF-8"',
        'Cache-Control': 'no-store',
      });
    }
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });
  routes.route('/', createAdminEditionRoutes(ctx));
  routes.route('/', createAdminSubscriberRoutes(ctx));
  routes.route('/', createAdminListRoutes(ctx));
  return routes;
}
