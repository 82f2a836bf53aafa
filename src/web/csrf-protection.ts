import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../errors/index.ts';

const cookieName = 'paperboy_csrf';

export interface CsrfOptions {
  secret: string;
  /** Origins a form may be posted from: PUBLIC_URL's origin (and the request's own, for direct access). */
  publicOrigin: string;
  secureCookie: boolean;
}

function deriveToken(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`csrf.${nonce}`).digest('base64url');
}

/**
 * The token for the forms on this page. Double submit: a random cookie (SameSite=Lax, HttpOnly) and
 * a form field holding its HMAC. Another site can make a browser send the cookie but can neither
 * read it nor compute the HMAC, so it cannot fill in the field.
 */
export function issueCsrfToken(c: Context, options: CsrfOptions): string {
  let nonce = getCookie(c, cookieName);
  if (!nonce || !/^[A-Za-z0-9_-]{43}$/.test(nonce)) {
    nonce = randomBytes(32).toString('base64url');
    setCookie(c, cookieName, nonce, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: options.secureCookie,
      path: '/',
    });
  }
  return deriveToken(options.secret, nonce);
}

/**
 * Rejects state-changing requests that do not come from our own forms: the Origin (when the browser
 * sends one) must be ours and the `_csrf` field must match the cookie. Routes in `exempt` (RFC 8058
 * one-click unsubscribe, which mail providers call without cookies) are let through.
 */
export function protectFromCsrf(
  options: CsrfOptions & { exempt: (c: Context) => boolean },
): MiddlewareHandler {
  return async (c, next) => {
    if (
      c.req.method === 'GET' ||
      c.req.method === 'HEAD' ||
      c.req.method === 'OPTIONS' ||
      options.exempt(c)
    ) {
      return next();
    }
    // Pages send `Referrer-Policy: no-referrer` (their URLs hold tokens), and with that policy browsers
    // send `Origin: null` even for same-origin posts; Sec-Fetch-Site still tells where the post came from.
    const origin = c.req.header('origin');
    if (
      origin &&
      origin !== 'null' &&
      origin !== options.publicOrigin &&
      origin !== new URL(c.req.url).origin
    ) {
      throw new AppError('CSRF_FAILED', `form posted from another origin (${origin})`);
    }
    const site = c.req.header('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') {
      throw new AppError('CSRF_FAILED', `form posted from another site (${site})`);
    }
    const nonce = getCookie(c, cookieName);
    const body = await c.req.parseBody();
    const given = typeof body._csrf === 'string' ? body._csrf : '';
    const expected = nonce ? deriveToken(options.secret, nonce) : '';
    const valid =
      expected !== '' &&
      given.length === expected.length &&
      timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    if (!valid) throw new AppError('CSRF_FAILED', 'the form token is missing or does not match');
    return next();
  };
}
