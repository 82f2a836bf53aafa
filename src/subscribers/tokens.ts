import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/index.ts';

/** What a link may do. A token signed for one purpose is rejected for every other. */
export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe' | 'issue' | 'rate';

const purposes: readonly TokenPurpose[] = ['confirm', 'manage', 'unsubscribe', 'issue', 'rate'];

export interface TokenClaims {
  purpose: TokenPurpose;
  /** The subscriber's random public id (never the database row id). */
  subject: string;
  /** Expiry in ms since the epoch; undefined = never expires (unsubscribe and manage links must keep working). */
  expiresAt?: number;
}

/** The keys links are checked against: SECRET first, then SECRET_PREVIOUS while a rotation is in its grace period. */
export function listVerificationKeys(config: {
  SECRET: string;
  SECRET_PREVIOUS?: string | undefined;
}): string[] {
  return config.SECRET_PREVIOUS ? [config.SECRET, config.SECRET_PREVIOUS] : [config.SECRET];
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/**
 * A short public name for a key, derived from it, so a token says which key signed it and SECRET
 * can be rotated: links signed with the previous key keep working while SECRET_PREVIOUS is set.
 * It reveals nothing a token's own signature does not already.
 */
export function deriveKeyId(secret: string): string {
  let id = keyIds.get(secret);
  if (id === undefined) {
    id = sign(secret, 'paperboy.key-id').slice(0, 6);
    keyIds.set(secret, id);
  }
  return id;
}

// A process knows one or two keys (SECRET, SECRET_PREVIOUS); every link it signs names one, and an
// issue signs a link per paper, so each key's id is derived once.
const keyIds = new Map<string, string>();

/**
 * `<purpose>.<subject>.<expiry base36 or 0>.<key id>.<HMAC-SHA256>`: URL-safe, self-contained, and
 * verifiable without a database lookup.
 * @example signToken(secret, { purpose: 'unsubscribe', subject: subscriber.publicId })
 */
export function signToken(secret: string, claims: TokenClaims): string {
  const payload = `${claims.purpose}.${claims.subject}.${claims.expiresAt ? claims.expiresAt.toString(36) : '0'}.${deriveKeyId(secret)}`;
  return `${payload}.${sign(secret, payload)}`;
}

function signatureMatches(secret: string, payload: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Checks signature (constant time), purpose and expiry against each accepted key; returns the claims
 * or throws TOKEN_INVALID / TOKEN_EXPIRED. Links from before key ids (four parts) are checked
 * against every accepted key, so emails sent before the upgrade keep working.
 *
 * @example verifyToken(listVerificationKeys(config), token, 'unsubscribe', new Date())
 */
export function verifyToken(
  keys: string | readonly string[],
  token: string,
  purpose: TokenPurpose,
  now: Date,
): TokenClaims {
  const parts = token.split('.');
  const invalid = () =>
    new AppError('TOKEN_INVALID', 'this link is invalid or was changed', { details: { purpose } });
  if ((parts.length !== 4 && parts.length !== 5) || token.length > 300) throw invalid();
  const [kind, subject, expiry] = parts as [string, string, string];
  const signature = parts.at(-1) as string;
  const keyId = parts.length === 5 ? parts[3] : undefined;
  const payload = parts.slice(0, -1).join('.');
  const candidates = (typeof keys === 'string' ? [keys] : keys).filter(
    (key) => keyId === undefined || deriveKeyId(key) === keyId,
  );
  if (!candidates.some((key) => signatureMatches(key, payload, signature))) throw invalid();
  // Checked after the signature so a forged purpose learns nothing.
  if (kind !== purpose || !purposes.includes(kind as TokenPurpose) || !subject) throw invalid();
  const expiresAt = expiry === '0' ? undefined : Number.parseInt(expiry, 36);
  if (expiresAt !== undefined && (Number.isNaN(expiresAt) || now.getTime() > expiresAt)) {
    throw new AppError('TOKEN_EXPIRED', 'this link has expired', { details: { purpose } });
  }
  return { purpose, subject, ...(expiresAt !== undefined ? { expiresAt } : {}) };
}
