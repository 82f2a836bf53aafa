import type { ColumnDataType, ColumnDefinitionBuilder } from 'kysely';

/** What differs between engines in DDL, handed to every migration. */
export interface MigrationContext {
  dialect: 'sqlite' | 'postgres';
  /** An auto-incrementing integer primary key. */
  id: { type: ColumnDataType; build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder };
}

export function createMigrationContext(dialect: 'sqlite' | 'postgres'): MigrationContext {
  return dialect === 'postgres'
    ? { dialect, id: { type: 'serial', build: (c) => c.primaryKey() } }
    : { dialect, id: { type: 'integer', build: (c) => c.primaryKey().autoIncrement() } };
}
