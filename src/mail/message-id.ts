import { randomBytes } from 'node:crypto';

/** `Paperboy <news@example.org>` → `example.org`: Message-IDs belong to the sender's domain. */
export function messageIdDomain(mailFrom: string): string {
  return /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'localhost';
}

/** A fresh, globally unique Message-ID such as `<2025-03-11.k3J…@example.org>`. */
export function createMessageId(prefix: string, mailFrom: string): string {
  return `<${prefix}.${randomBytes(12).toString('base64url')}@${messageIdDomain(mailFrom)}>`;
}

/** Issues carry their edition date as the Message-ID prefix; account emails carry `confirm` or `welcome`. */
export function isIssueMessageId(messageId: string | null | undefined): boolean {
  return /^<\d{4}-\d{2}-\d{2}\./.test(messageId ?? '');
}
