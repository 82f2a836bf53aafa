import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors/index.ts';
import { isLoopbackAddress, resolveClientIp } from './client-ip.ts';

export interface AdminAuthOptions {
  adminToken: string | undefined;
  development: boolean;
  trustProxy: boolean;
}

function equalsSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer …` or the password of `Authorization: Basic …` (any user name). */
function readPresentedToken(c: Context): string | undefined {
  const header = c.req.header('authorization') ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  if (bearer) return bearer.trim();
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/**
 * Guards operator pages. ADMIN_TOKEN as bearer token or basic-auth password; without it, open only
 * in development to requests from this machine, which is how `paperboy serve` is used locally.
 */
export function requireAdmin(options: AdminAuthOptions): MiddlewareHandler {
  return async (c, next) => {
    if (options.development && isLoopbackAddress(resolveClientIp(c, options.trustProxy))) return next();
    const given = readPresentedToken(c);
    if (options.adminToken && given !== undefined && equalsSecret(given, options.adminToken)) return next();
    throw new AppError(
      'UNAUTHORIZED',
      options.adminToken
        ? 'admin token missing or wrong'
        : 'set ADMIN_TOKEN to use this page outside development',
    );
  };
}
