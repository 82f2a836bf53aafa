import { Hono, type MiddlewareHandler } from 'hono';
import { isAppError } from '../../errors/index.ts';
import type { WebContext } from '../web-context.ts';
import { createAdminEditionRoutes } from './admin-edition-routes.ts';
import { createAdminListRoutes } from './admin-list-routes.ts';
import { createAdminSubscriberRoutes } from './admin-subscriber-routes.ts';

/**
 * The gate of the admin area, mounted on `/admin` and `/admin/*` before anything else (the CSRF check
 * included): a wrong or missing token gets the same bare 401 for every path and method, a page that
 * exists and one that does not. Every answer is `Cache-Control: no-store`: these pages hold
 * subscribers' addresses.
 */
export function createAdminGate(guard: MiddlewareHandler): MiddlewareHandler {
  return async (c, next) => {
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
  };
}

/** The admin area's pages, mounted under /admin behind `createAdminGate`. */
export function createAdminRoutes(ctx: WebContext): Hono {
  const routes = new Hono();
  routes.route('/', createAdminEditionRoutes(ctx));
  routes.route('/', createAdminSubscriberRoutes(ctx));
  routes.route('/', createAdminListRoutes(ctx));
  return routes;
}
