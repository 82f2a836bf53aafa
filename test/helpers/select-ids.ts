import { matchPapers, type PaperIndex, Profile } from '../../src/match/index.ts';

/** The ids of the papers a profile of one topic selects from a digest, best first. */
export function selectIds(index: PaperIndex, topic: string): string[] {
  return matchPapers(index, Profile.parse({ topics: [topic] }))
    .filter((r) => r.selected)
    .map((r) => r.paper.id);
}

/** The reasons a profile of one topic gives one paper of a digest, one per line ("" when none). */
export function reasonsFor(index: PaperIndex, topic: string, id: string): string {
  return (
    matchPapers(index, Profile.parse({ topics: [topic] }))
      .find((r) => r.paper.id === id)
      ?.reasons.join('\n') ?? ''
  );
}
