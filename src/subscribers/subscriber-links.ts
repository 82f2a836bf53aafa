import { AppError } from '../errors/index.ts';
import { signToken, verifyToken } from './tokens.ts';

export interface SubscriberLinks {
  preferencesUrl: string;
  unsubscribeUrl: string;
}

/** The links every email carries for one subscriber; the same for every issue so old emails keep working. */
export function buildSubscriberLinks(publicUrl: string, secret: string, publicId: string): SubscriberLinks {
  return {
    preferencesUrl: `${publicUrl}/preferences/${signToken(secret, { purpose: 'manage', subject: publicId })}`,
    unsubscribeUrl: `${publicUrl}/unsubscribe/${signToken(secret, { purpose: 'unsubscribe', subject: publicId })}`,
  };
}

/** Double opt-in link; expires after `days`. */
export function buildConfirmUrl(
  publicUrl: string,
  secret: string,
  publicId: string,
  now: Date,
  days: number,
): string {
  const expiresAt = now.getTime() + Math.round(days * 86_400_000);
  return `${publicUrl}/confirm/${signToken(secret, { purpose: 'confirm', subject: publicId, expiresAt })}`;
}

/** Separates the subscriber and the edition date in an issue link's subject (neither contains it). */
const issueSeparator = '~';

/**
 * The "View in browser" link of one subscriber's issue of one edition. It shows that issue only:
 * a forwarded email opens the issue, not the subscriber's other issues.
 *
 * @example buildIssueWebUrl(config.PUBLIC_URL, config.SECRET, subscriber.publicId, '2025-03-11')
 */
export function buildIssueWebUrl(publicUrl: string, secret: string, publicId: string, date: string): string {
  const token = signToken(secret, { purpose: 'issue', subject: `${publicId}${issueSeparator}${date}` });
  return `${publicUrl}/issue/${token}`;
}

/**
 * Checks an issue link's token against each accepted key (`listVerificationKeys`) and reads whose
 * issue of which edition it opens; throws TOKEN_INVALID.
 */
export function readIssueToken(
  keys: string | readonly string[],
  token: string,
  now: Date,
): { publicId: string; date: string } {
  const { subject } = verifyToken(keys, token, 'issue', now);
  const at = subject.lastIndexOf(issueSeparator);
  if (at <= 0)
    throw new AppError('TOKEN_INVALID', 'this link is invalid or was changed', {
      details: { purpose: 'issue' },
    });
  return { publicId: subject.slice(0, at), date: subject.slice(at + 1) };
}
