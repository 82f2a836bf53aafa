import type { DeliveryStatus } from './delivery-tables.ts';

/** An edition's deliveries by outcome; `suppressed` and `empty` are skipped deliveries, split by reason. */
export interface EditionSummary {
  id: number;
  date: string;
  createdAt: string;
  planned: number;
  queued: number;
  sent: number;
  deferred: number;
  failed: number;
  suppressed: number;
  empty: number;
  cancelled: number;
  otherSkipped: number;
}

/** The skip reason the admin page's "cancel the rest" writes. */
export const cancelledReason = 'cancelled by operator';
const emptyReasons = ['no matching papers', 'no new papers'];

export function emptySummary(id: number, date: string, createdAt: string): EditionSummary {
  return {
    id,
    date,
    createdAt,
    planned: 0,
    queued: 0,
    sent: 0,
    deferred: 0,
    failed: 0,
    suppressed: 0,
    empty: 0,
    cancelled: 0,
    otherSkipped: 0,
  };
}

export function addCount(s: EditionSummary, status: DeliveryStatus, reason: string | null, n: number): void {
  s.planned += n;
  if (status === 'pending' || status === 'sending') s.queued += n;
  else if (status === 'sent' || status === 'deferred' || status === 'failed') s[status] += n;
  else if (reason === 'suppressed') s.suppressed += n;
  else if (reason !== null && emptyReasons.includes(reason)) s.empty += n;
  else if (reason === cancelledReason) s.cancelled += n;
  else s.otherSkipped += n;
}
