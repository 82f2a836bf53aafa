/** The delivery ledger's tables and the shapes its repositories read and write. */
import type { Generated } from 'kysely';

export interface EditionTable {
  id: Generated<number>;
  digest_date: string;
  created_at: string;
}

export interface DeliveryTable {
  id: Generated<number>;
  edition_id: number;
  subscriber_id: number;
  /** The address at enqueue time, for reports; the send uses the subscriber's current address. */
  email: string;
  status: DeliveryStatus;
  skip_reason: string | null;
  /** The frozen selection: `FrozenPaper[]` as JSON, so a retry or a restart sends the same issue. */
  papers: string;
  message_id: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  /** The status the row had when it was last claimed; `sending` means an expired lease was taken over. */
  claimed_from: string | null;
  expired_leases: Generated<number>;
  last_response: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

/** A paper promised to a subscriber by one delivery; the primary key makes "never twice" a constraint. */
export interface SentPaperTable {
  subscriber_id: number;
  paper_id: string;
  delivery_id: number;
}

/** The next free send slot (epoch ms) of a rate limit that every process shares. */
export interface RateLimitTable {
  name: string;
  next_slot_ms: number;
}

export type DeliveryTables = {
  editions: EditionTable;
  deliveries: DeliveryTable;
  sent_papers: SentPaperTable;
  rate_limits: RateLimitTable;
};

/** pending → sending (leased) → sent | deferred (retry at next_attempt_at) | failed; or skipped. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'deferred' | 'failed' | 'skipped';
export const deliveryStatuses: readonly DeliveryStatus[] = [
  'pending',
  'sending',
  'sent',
  'deferred',
  'failed',
  'skipped',
];

/** One selected paper as frozen in a delivery, with the matcher's explanation. */
export interface FrozenPaper {
  id: string;
  reasons: string[];
  matchedTopics: string[];
}

export interface NewDelivery {
  subscriberId: number;
  email: string;
  status: 'pending' | 'skipped';
  skipReason?: string;
  papers: FrozenPaper[];
  messageId: string;
}

export interface ClaimedDelivery {
  id: number;
  editionId: number;
  subscriberId: number;
  email: string;
  papers: FrozenPaper[];
  messageId: string;
  /** Including the attempt this claim starts. */
  attempts: number;
  /** True when this claim took over an expired lease: the previous attempt's outcome is unknown. */
  expiredLease: boolean;
}

export type DeliveryCounts = Record<DeliveryStatus, number>;
