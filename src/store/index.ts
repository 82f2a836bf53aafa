export {
  AdminRepository,
  type DayOutcomes,
  type LeaseInFlight,
  type PageRequest,
  type PaperVotes,
} from './admin-repository.ts';
export { type AuditEntry, AuditRepository, type AuditTables } from './audit-repository.ts';
export { chunk } from './chunk.ts';
export type { Database } from './database.ts';
export { DeliveryRepository } from './delivery-repository.ts';
export {
  type ClaimedDelivery,
  type DeliveryCounts,
  type DeliveryStatus,
  deliveryStatuses,
  type FrozenPaper,
  type NewDelivery,
} from './delivery-tables.ts';
export { type DigestDate, isYearGuessed } from './digest-dates.ts';
export { EditionRepository } from './edition-repository.ts';
export { cancelledReason, type EditionSummary } from './edition-summary.ts';
export { archiveSampleSize, loadArchiveStats } from './load-archive-stats.ts';
export { loadRatings, noReaderRatings, type ReaderRatings } from './load-ratings.ts';
export {
  connectDatabase,
  type DatabaseTarget,
  type Dialect,
  openStore,
  resolveDatabaseUrl,
  type Store,
} from './open-store.ts';
export { type OutboxMessage, OutboxRepository } from './outbox-repository.ts';
export type { DigestRecord, IngestResult, StoredPaper } from './paper-record.ts';
export { PaperRepository } from './paper-repository.ts';
export {
  type RatedIds,
  type Rating,
  RatingRepository,
  type RatingSource,
  type Vote,
} from './rating-repository.ts';
export { type DueCursor, ScheduleRepository, type SlotMove } from './schedule-repository.ts';
export { findPapers, type PaperQuery, type PaperSearch, readPaperQuery } from './search-papers.ts';
export {
  SignupRepository,
  type SignupRequest,
  type SignupStatus,
  type SignupTables,
} from './signup-repository.ts';
export {
  completedFetchStatuses,
  type NewSourceFetch,
  type SourceFetchRecord,
  type SourceFetchStatus,
  SourceRepository,
} from './source-repository.ts';
export {
  type ChangeSource,
  type Frequency,
  normalizeEmail,
  type Subscriber,
  type SubscriberFields,
  type SubscriberStatus,
  subscriberStatuses,
} from './subscriber-record.ts';
export { type Recipient, SubscriberRepository } from './subscriber-repository.ts';
export { type Suppression, SuppressionRepository } from './suppression-repository.ts';
export { createTimeSlicer, yieldToEventLoop } from './yield-to-event-loop.ts';
