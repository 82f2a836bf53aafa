import type { Kysely } from 'kysely';
import * as m001 from './001-papers-and-subscribers.ts';
import * as m002 from './002-deliveries.ts';
import * as m010 from './010-scheduler-and-outbox.ts';
import * as m015 from './015-source-fetches.ts';
import * as m019 from './019-checked-digest-dates.ts';
import * as m020 from './020-ratings.ts';
import * as m021 from './021-signup-requests.ts';
import * as m022 from './022-admin-audit.ts';
import * as m023 from './023-scheduler-indexes.ts';
import type { MigrationContext } from './migration-context.ts';

export interface AppMigration {
  up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
}

/** Every schema change, in order. Append new files here; never edit one that has shipped. */
export const migrations: Record<string, AppMigration> = {
  '001-papers-and-subscribers': m001,
  '002-deliveries': m002,
  '010-scheduler-and-outbox': m010,
  '015-source-fetches': m015,
  '019-checked-digest-dates': m019,
  '020-ratings': m020,
  '021-signup-requests': m021,
  '022-admin-audit': m022,
  '023-scheduler-indexes': m023,
};
