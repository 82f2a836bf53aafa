import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a request came from, for rate limits and the localhost check. Behind a reverse proxy
 * (TRUST_PROXY) it is the last X-Forwarded-For entry: the one our proxy appended. Earlier entries
 * are whatever the client claimed and would let anyone dodge the limit.
 */
export function resolveClientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  // `app.request()` without a connection (a test, an in-process call) has no socket to ask.
  if (!c.env) return 'unknown';
  return getConnInfo(c).remote.address ?? 'unknown';
}
