import type { MiddlewareHandler } from 'hono';

/**
 * The default policy: scripts and styles only from our own files (no inline code, so injected markup
 * cannot run), no framing (clickjacking on the unsubscribe and preferences buttons), forms only to
 * ourselves. A route that needs a wider policy (the preview shows email HTML) sets its own header.
 */
export const defaultContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Security headers on every response. Pages carry signed tokens in their URLs, so no page may leak
 * its address through Referer, and no page with a token may be cached by shared caches.
 */
export function applySecurityHeaders(options: { https: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    if (!headers.has('Content-Security-Policy'))
      headers.set('Content-Security-Policy', defaultContentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Frame-Options', headers.get('X-Frame-Options') ?? 'DENY');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    if (options.https) headers.set('Strict-Transport-Security', 'max-age=31536000');
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  };
}
