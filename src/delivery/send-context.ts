import type { Paper } from '../digest/index.ts';
import type { ClaimedDelivery, Recipient, Store } from '../store/index.ts';
import { thawPapers } from './thaw-papers.ts';

const maxCachedPapers = 10_000;

/**
 * What a send run reads around its claims: each subscriber fresh at claim time (someone may have
 * unsubscribed since the edition was frozen), the papers (cached across batches, bounded), and
 * each edition's date.
 */
export function createSendContext(store: Store) {
  const recipients = new Map<number, Recipient>();
  const papers = new Map<string, Paper>();
  const editionDates = new Map<number, string>();

  return {
    async load(batch: readonly ClaimedDelivery[]): Promise<void> {
      for (const [id, recipient] of await store.subscribers.listRecipients(
        batch.map((d) => d.subscriberId),
      )) {
        recipients.set(id, recipient);
      }
      const missing = [...new Set(batch.flatMap((d) => d.papers.map((p) => p.id)))].filter(
        (id) => !papers.has(id),
      );
      if (papers.size + missing.length > maxCachedPapers) papers.clear();
      for (const paper of await store.papers.listPapersByIds(missing)) papers.set(paper.id, paper);
      for (const editionId of new Set(batch.map((d) => d.editionId))) {
        if (editionDates.has(editionId)) continue;
        const date = await store.editions.findEditionDate(editionId);
        if (date) editionDates.set(editionId, date);
      }
    },
    /** The subscriber read with this delivery's batch; each is handed out once. */
    takeRecipient(subscriberId: number): Recipient | undefined {
      const recipient = recipients.get(subscriberId);
      recipients.delete(subscriberId);
      return recipient;
    },
    editionDate: (editionId: number): string => editionDates.get(editionId) ?? '',
    papersOf: (delivery: ClaimedDelivery) => thawPapers(delivery.papers, papers),
  };
}
