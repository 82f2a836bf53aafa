import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { isLocalUrl, isLoopbackHost } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import { resolveClientIp } from './client-ip.ts';

export interface AdminAuthOptions {
  adminToken: string | undefined;
  /** Who the token stands for: the `actor` of audited actions (ADMIN_LABEL). */
  adminLabel?: string;
  /** Open to this machine's own requests without a token (NODE_ENV=development). */
  development: boolean;
  trustProxy: boolean;
  /**
   * PUBLIC_URL. When it is not localhost the app is published (behind a proxy on this machine, every
   * request would come from loopback), so nobody is a local operator, whatever NODE_ENV says.
   */
  publicUrl?: string;
}

/**
 * Headers a reverse proxy adds. A request carrying one came through a proxy, and its loopback peer
 * address says nothing about who sent it.
 */
const proxyHeaders = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'via'];

/** The operator at this machine's own browser: development, a local PUBLIC_URL, a loopback peer and no proxy in between. */
function isLocalOperator(c: Context, options: AdminAuthOptions): boolean {
  if (!options.development) return false;
  if (options.publicUrl !== undefined && !isLocalUrl(options.publicUrl)) return false;
  if (proxyHeaders.some((name) => c.req.header(name) !== undefined)) return false;
  return isLoopbackHost(resolveClientIp(c, options.trustProxy));
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

const adminActorKey = 'adminActor';

/** Who is acting on an operator page the guard let through (the token's label, or `local`). */
export function readAdminActor(c: Context): string {
  return (c.get(adminActorKey) as string | undefined) ?? 'unknown';
}

/**
 * Guards operator pages. ADMIN_TOKEN as bearer token or basic-auth password; without it, open only
 * in development to requests from this machine that no proxy forwarded, which is how `paperboy
 * serve` is used locally.
 */
export function requireAdmin(options: AdminAuthOptions): MiddlewareHandler {
  return async (c, next) => {
    const given = readPresentedToken(c);
    if (options.adminToken && given !== undefined && equalsSecret(given, options.adminToken)) {
      c.set(adminActorKey, options.adminLabel ?? 'admin');
      return next();
    }
    if (isLocalOperator(c, options)) {
      c.set(adminActorKey, 'local');
      return next();
    }
    throw new AppError(
      'UNAUTHORIZED',
      options.adminToken
        ? 'admin token missing or wrong'
        : 'set ADMIN_TOKEN to use this page outside development',
    );
  };
}
