import type { Selectable } from 'kysely';
import type { Breadth } from '../match/index.ts';
import type { SubscriberTable } from './database.ts';
import { readJson } from './json-column.ts';

export const subscriberStatuses = ['pending', 'confirmed', 'paused', 'unsubscribed', 'suppressed'] as const;
export type SubscriberStatus = (typeof subscriberStatuses)[number];
export type Frequency = 'daily' | 'weekly';
export type ChangeSource = 'web' | 'email' | 'cli' | 'bounce' | 'import' | 'system' | 'admin';

export interface Subscriber {
  id: number;
  publicId: string;
  email: string;
  status: SubscriberStatus;
  topics: string[];
  exclude: string[];
  breadth: Breadth;
  maxPapers: number;
  frequency: Frequency;
  /** 0 = Sunday … 6 = Saturday (weekly only). */
  weekday: number | null;
  hour: number;
  timezone: string;
  createdAt: string;
  updatedAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  lastIssueAt: string | null;
  nextDueAt: string | null;
}

export type SubscriberFields = Pick<
  Subscriber,
  | 'email'
  | 'status'
  | 'topics'
  | 'exclude'
  | 'breadth'
  | 'maxPapers'
  | 'frequency'
  | 'weekday'
  | 'hour'
  | 'timezone'
>;

/** Addresses are compared case-insensitively; we store them lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toColumns(fields: Partial<SubscriberFields>): Partial<Selectable<SubscriberTable>> {
  const out: Partial<Selectable<SubscriberTable>> = {};
  if (fields.email !== undefined) out.email = normalizeEmail(fields.email);
  if (fields.status !== undefined) out.status = fields.status;
  if (fields.topics !== undefined) out.topics = JSON.stringify(fields.topics);
  if (fields.exclude !== undefined) out.exclude = JSON.stringify(fields.exclude);
  if (fields.breadth !== undefined) out.breadth = fields.breadth;
  if (fields.maxPapers !== undefined) out.max_papers = fields.maxPapers;
  if (fields.frequency !== undefined) out.frequency = fields.frequency;
  if (fields.weekday !== undefined) out.weekday = fields.weekday;
  if (fields.hour !== undefined) out.hour = fields.hour;
  if (fields.timezone !== undefined) out.timezone = fields.timezone;
  return out;
}

export function toSubscriber(row: Selectable<SubscriberTable>): Subscriber {
  return {
    id: row.id,
    publicId: row.public_id,
    email: row.email,
    status: row.status as SubscriberStatus,
    topics: readJson<string[]>(row.topics, []),
    exclude: readJson<string[]>(row.exclude, []),
    breadth: row.breadth as Breadth,
    maxPapers: row.max_papers,
    frequency: row.frequency as Frequency,
    weekday: row.weekday,
    hour: row.hour,
    timezone: row.timezone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    confirmedAt: row.confirmed_at,
    unsubscribedAt: row.unsubscribed_at,
    lastIssueAt: row.last_issue_at,
    nextDueAt: row.next_due_at,
  };
}
