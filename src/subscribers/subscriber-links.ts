import { signToken } from './tokens.ts';

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
