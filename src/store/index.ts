export { chunk } from './chunk.ts';
export type { Database } from './database.ts';
export {
  type ClaimedDelivery,
  type DeliveryCounts,
  DeliveryRepository,
  type DeliveryStatus,
  deliveryStatuses,
  type FrozenPaper,
  type NewDelivery,
  type Recipient,
} from './delivery-repository.ts';
export { archiveSampleSize, loadArchiveStats } from './load-archive-stats.ts';
export {
  type DatabaseTarget,
  type Dialect,
  openStore,
  resolveDatabaseUrl,
  type Store,
} from './open-store.ts';
export { type OutboxMessage, OutboxRepository } from './outbox-repository.ts';
export {
  type DigestRecord,
  type IngestResult,
  PaperRepository,
  type StoredPaper,
} from './paper-repository.ts';
export { ScheduleRepository, type SlotMove } from './schedule-repository.ts';
export {
  completedFetchStatuses,
  type NewSourceFetch,
  type SourceFetchRecord,
  type SourceFetchStatus,
  SourceRepository,
} from './source-repository.ts';
export {
  type Breadth,
  type ChangeSource,
  type Frequency,
  normalizeEmail,
  type Subscriber,
  type SubscriberFields,
  SubscriberRepository,
  type SubscriberStatus,
  subscriberStatuses,
} from './subscriber-repository.ts';
