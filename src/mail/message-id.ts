import { randomBytes } from 'node:crypto';

/** `Paperboy <news@example.org>` → `example.org`: Message-IDs belong to the sender's domain. */
export function messageIdDomain(mailFrom: string): string {
  return /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'localhost';
}

let sequence = 0;

/**
 * A fresh, globally unique Message-ID such as `<2025-03-11.mf3k2a0000015xQ…@example.org>`: the time and
 * a counter first, then 72 random bits. The ids of one edition then sort in the order they were made,
 * so the unique index on them grows at its end instead of at random pages, which halved the time
 * SQLite spent writing a large edition's deliveries.
 */
export function createMessageId(prefix: string, mailFrom: string): string {
  sequence = (sequence + 1) % 36 ** 6;
  const order = `${Date.now().toString(36)}${sequence.toString(36).padStart(6, '0')}`;
  return `<${prefix}.${order}${randomBytes(9).toString('base64url')}@${messageIdDomain(mailFrom)}>`;
}

/** Issues carry their edition date as the Message-ID prefix; account emails carry `confirm` or `welcome`. */
export function isIssueMessageId(messageId: string | null | undefined): boolean {
  return /^<\d{4}-\d{2}-\d{2}\./.test(messageId ?? '');
}
