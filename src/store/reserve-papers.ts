import type { Kysely } from 'kysely';
import { chunk } from './chunk.ts';
import type { Database } from './database.ts';
import type { DeliveryTables, FrozenPaper } from './delivery-tables.ts';

/** Reserved papers per INSERT: 3 values each, far below both engines' bound-parameter limits. */
const reservationsPerStatement = 2000;

/**
 * Reserves the papers of these deliveries. A paper another delivery reserved first (a concurrent
 * enqueue of another edition planned with the same papers) is taken out of this delivery, so the
 * primary key on sent_papers really means "never the same paper twice"; a delivery left with no
 * paper is skipped.
 */
export async function reservePapers(
  trx: Kysely<Database & DeliveryTables>,
  created: { id: number; subscriber_id: number; papers: FrozenPaper[] }[],
  stamp: string,
): Promise<void> {
  const reservations = created.flatMap((d) =>
    d.papers.map((p) => ({ subscriber_id: d.subscriber_id, paper_id: p.id, delivery_id: d.id })),
  );
  // RETURNING names only the rows this statement inserted: a conflicting row is another delivery's.
  const reserved = new Set<string>();
  for (const slice of chunk(reservations, reservationsPerStatement)) {
    const rows = await trx
      .insertInto('sent_papers')
      .values(slice)
      .onConflict((oc) => oc.columns(['subscriber_id', 'paper_id']).doNothing())
      .returning(['delivery_id', 'paper_id'])
      .execute();
    for (const row of rows) reserved.add(`${row.delivery_id}/${row.paper_id}`);
  }
  if (reserved.size === reservations.length) return;
  for (const delivery of created) {
    const kept = delivery.papers.filter((p) => reserved.has(`${delivery.id}/${p.id}`));
    if (kept.length === delivery.papers.length) continue;
    await trx
      .updateTable('deliveries')
      .set({
        papers: JSON.stringify(kept),
        updated_at: stamp,
        ...(kept.length === 0 ? { status: 'skipped' as const, skip_reason: 'no new papers' } : {}),
      })
      .where('id', '=', delivery.id)
      .execute();
  }
}
