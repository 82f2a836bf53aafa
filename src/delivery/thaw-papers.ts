import type { Paper } from '../digest/index.ts';
import type { IssuePaper } from '../render/index.ts';
import type { FrozenPaper, Store } from '../store/index.ts';

/** Joins a delivery's frozen selection (ids and reasons) with the stored papers; unknown ids drop out. */
export function thawPapers(frozen: readonly FrozenPaper[], papers: ReadonlyMap<string, Paper>): IssuePaper[] {
  return frozen.flatMap((f): IssuePaper[] => {
    const paper = papers.get(f.id);
    return paper ? [{ paper, reasons: f.reasons, matchedTopics: f.matchedTopics }] : [];
  });
}

/** The stored papers of a frozen selection, in its order; papers deleted since then drop out. */
export async function loadFrozenPapers(
  store: Pick<Store, 'papers'>,
  frozen: readonly FrozenPaper[],
): Promise<IssuePaper[]> {
  const stored = await store.papers.listPapersByIds(frozen.map((p) => p.id));
  return thawPapers(frozen, new Map(stored.map((p) => [p.id, p])));
}
