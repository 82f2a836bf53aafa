import type { Generated } from 'kysely';

/**
 * Table types shared by SQLite and PostgreSQL. Timestamps are ISO-8601 UTC strings and
 * structured values are JSON text, so both engines store and sort them the same way.
 */
export interface DigestTable {
  id: Generated<number>;
  path: string;
  content_hash: string;
  digest_date: string | null;
  format: string | null;
  date_source: string | null;
  paper_count: number;
  new_count: number;
  warnings: string;
  /** ok | error | superseded (an earlier version of a file that changed). */
  status: string;
  error: string | null;
  ingested_at: string;
}

export interface PaperTable {
  id: string;
  title_key: string;
  title: string;
  abstract: string;
  authors: string;
  url: string | null;
  arxiv_id: string | null;
  categories: string;
  published_at: string | null;
  upvotes: number | null;
  first_digest_date: string;
  created_at: string;
}

export interface DigestPaperTable {
  digest_id: number;
  paper_id: string;
  position: number;
}

export interface SubscriberTable {
  id: Generated<number>;
  /** Random, unguessable key that signed links refer to; never the row id. */
  public_id: string;
  email: string;
  /** pending | confirmed | paused | unsubscribed | suppressed */
  status: string;
  topics: string;
  exclude: string;
  breadth: string;
  max_papers: number;
  /** daily | weekly */
  frequency: string;
  /** 0 = Sunday … 6 = Saturday; used when frequency is weekly. */
  weekday: number | null;
  hour: number;
  timezone: string;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  last_issue_at: string | null;
  next_due_at: string | null;
}

/** The consent record: every subscription change, when and from where. */
export interface SubscriptionEventTable {
  id: Generated<number>;
  subscriber_id: number;
  email: string;
  /** subscribed | confirmation_sent | confirmed | updated | paused | resumed | unsubscribed | suppressed | imported | removed */
  event: string;
  /** web | email | cli | bounce | import | system */
  source: string;
  detail: string | null;
  created_at: string;
}

export interface SuppressionTable {
  email: string;
  reason: string;
  source: string;
  created_at: string;
}

export interface LockTable {
  name: string;
  /** The lease owner (`createLeaseOwner()`); the column keeps the name it was created with. */
  holder: string;
  expires_at: string;
}

/** A message caught by the built-in mail catcher (development default when SMTP_URL is unset). */
export interface OutboxMessageTable {
  id: Generated<number>;
  received_at: string;
  envelope_from: string;
  /** JSON array of recipient addresses. */
  envelope_to: string;
  subject: string;
  message_id: string | null;
  raw: string;
  size: number;
}

export interface Database {
  digests: DigestTable;
  papers: PaperTable;
  digest_papers: DigestPaperTable;
  subscribers: SubscriberTable;
  subscription_events: SubscriptionEventTable;
  suppressions: SuppressionTable;
  locks: LockTable;
  outbox_messages: OutboxMessageTable;
}
