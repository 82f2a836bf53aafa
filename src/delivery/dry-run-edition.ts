import type { Paper } from '../digest/index.ts';
import { buildIssueMessage } from './build-issue-message.ts';
import type { DeliveryDeps } from './delivery-deps.ts';
import { planEditionInPages } from './plan-edition.ts';
import { thawPapers } from './thaw-papers.ts';

export interface DryRunResult {
  date: string;
  /** Issues that would be sent, each rendered and composed. */
  wouldSend: number;
  skipped: number;
  skipReasons: Record<string, number>;
  alreadyEnqueued: number;
  /** Size of the largest rendered HTML part, to catch Gmail's ~102 KB clipping before a real run. */
  largestHtmlBytes: number;
}

/**
 * Plans the edition of `date` exactly as `enqueueEdition` would and renders every issue, writing
 * nothing and sending nothing.
 */
export async function dryRunEdition(
  deps: Pick<DeliveryDeps, 'store' | 'config' | 'templates' | 'clock'>,
  input: { date: string; subscriberIds?: readonly number[] },
): Promise<DryRunResult> {
  const edition = await deps.store.editions.findEdition(input.date);
  const result: DryRunResult = {
    date: input.date,
    wouldSend: 0,
    skipped: 0,
    skipReasons: {},
    alreadyEnqueued: 0,
    largestHtmlBytes: 0,
  };
  const papers = new Map<string, Paper>();
  for await (const plan of planEditionInPages(deps.store, deps.config, {
    date: input.date,
    ...(edition ? { editionId: edition.id } : {}),
    ...(input.subscriberIds ? { subscriberIds: input.subscriberIds } : {}),
  })) {
    result.alreadyEnqueued += plan.alreadyEnqueued;
    const missing = [...new Set(plan.deliveries.flatMap((d) => d.papers.map((p) => p.id)))].filter(
      (id) => !papers.has(id),
    );
    for (const paper of await deps.store.papers.listPapersByIds(missing)) papers.set(paper.id, paper);
    for (const planned of plan.deliveries) {
      if (planned.status === 'skipped') {
        const reason = planned.skipReason ?? 'skipped';
        result.skipped++;
        result.skipReasons[reason] = (result.skipReasons[reason] ?? 0) + 1;
        continue;
      }
      const message = buildIssueMessage({
        config: deps.config,
        templates: deps.templates,
        recipient: planned.subscriber,
        date: input.date,
        papers: thawPapers(planned.papers, papers),
        messageId: planned.messageId,
        now: deps.clock(),
      });
      result.wouldSend++;
      result.largestHtmlBytes = Math.max(
        result.largestHtmlBytes,
        Buffer.byteLength(String(message.html ?? '')),
      );
    }
  }
  return result;
}
