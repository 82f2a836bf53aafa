import type { Kysely, Selectable } from 'kysely';
import type { Database, OutboxMessageTable } from './database.ts';
import { readJson } from './json-column.ts';

export interface OutboxMessage {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  messageId: string | null;
  raw: string;
  size: number;
}

/** Messages received by the built-in mail catcher. */
export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(message: Omit<OutboxMessage, 'id'>): Promise<number> {
    const row = await this.db
      .insertInto('outbox_messages')
      .values({
        received_at: message.receivedAt,
        envelope_from: message.from,
        envelope_to: JSON.stringify(message.to),
        subject: message.subject,
        message_id: message.messageId,
        raw: message.raw,
        size: message.size,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Newest first, without bodies. */
  async list(options: { limit?: number; to?: string } = {}): Promise<Omit<OutboxMessage, 'raw'>[]> {
    let query = this.db
      .selectFrom('outbox_messages')
      .select(['id', 'received_at', 'envelope_from', 'envelope_to', 'subject', 'message_id', 'size'])
      .orderBy('id', 'desc')
      .limit(options.limit ?? 200);
    if (options.to)
      query = query.where(
        'envelope_to',
        'like',
        `%${JSON.stringify(options.to.toLowerCase()).slice(1, -1)}%`,
      );
    const rows = await query.execute();
    return rows.map((r) => {
      const { raw: _raw, ...rest } = toOutboxMessage({ ...r, raw: '' });
      return rest;
    });
  }

  async get(id: number): Promise<OutboxMessage | undefined> {
    const row = await this.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toOutboxMessage(row);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('outbox_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function toOutboxMessage(row: Selectable<OutboxMessageTable>): OutboxMessage {
  return {
    id: row.id,
    receivedAt: row.received_at,
    from: row.envelope_from,
    to: readJson<string[]>(row.envelope_to, []),
    subject: row.subject,
    messageId: row.message_id,
    raw: row.raw,
    size: row.size,
  };
}
