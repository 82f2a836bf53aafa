import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/index.ts';

/** What a link may do. A token signed for one purpose is rejected for every other. */
export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe' | 'issue';

const purposes: readonly TokenPurpose[] = ['confirm', 'manage', 'unsubscribe', 'issue'];

export interface TokenClaims {
  purpose: TokenPurpose;
  /** The subscriber's random public id (never the database row id). */
  subject: string;
  /** Expiry in ms since the epoch; undefined = never expires (unsubscribe and manage links must keep working). */
  expiresAt?: number;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/**
 * `<purpose>.<subject>.<expiry base36 or 0>.<HMAC-SHA256>`: URL-safe, self-contained, and
 * verifiable without a database lookup.
 * @example signToken(secret, { purpose: 'unsubscribe', subject: subscriber.publicId })
 */
export function signToken(secret: string, claims: TokenClaims): string {
  const payload = `${claims.purpose}.${claims.subject}.${claims.expiresAt ? claims.expiresAt.toString(36) : '0'}`;
  return `${payload}.${sign(secret, payload)}`;
}

/** Checks signature (constant time), purpose and expiry; returns the subject or throws TOKEN_INVALID / TOKEN_EXPIRED. */
export function verifyToken(secret: string, token: string, purpose: TokenPurpose, now: Date): TokenClaims {
  const parts = token.split('.');
  const invalid = () =>
    new AppError('TOKEN_INVALID', 'this link is invalid or was changed', { details: { purpose } });
  if (parts.length !== 4 || token.length > 300) throw invalid();
  const [kind, subject, expiry, signature] = parts as [string, string, string, string];
  const expected = Buffer.from(sign(secret, `${kind}.${subject}.${expiry}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  // Checked after the signature so a forged purpose learns nothing.
  if (kind !== purpose || !purposes.includes(kind as TokenPurpose) || !subject) throw invalid();
  const expiresAt = expiry === '0' ? undefined : Number.parseInt(expiry, 36);
  if (expiresAt !== undefined && (Number.isNaN(expiresAt) || now.getTime() > expiresAt)) {
    throw new AppError('TOKEN_EXPIRED', 'this link has expired', { details: { purpose } });
  }
  return { purpose, subject, ...(expiresAt !== undefined ? { expiresAt } : {}) };
}
