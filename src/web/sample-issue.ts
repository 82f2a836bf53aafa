import { latestAcceptedDate } from '../digest/digest-date.ts';
import { buildPaperIndex, createMatcher, type Matcher, Profile, type RankedPaper } from '../match/index.ts';
import { loadArchiveStats, type Store } from '../store/index.ts';

export interface SampleIssue {
  /** The edition the sample is drawn from; null before the first digest is ingested. */
  date: string | null;
  papers: RankedPaper[];
}

/** How long a built index is reused before checking for a newer edition. */
const refreshMs = 60_000;

/**
 * The live sample on the sign-up and preferences pages: what the latest edition would give these
 * topics. The paper index is built once per edition and reused across keystrokes and visitors.
 */
export function createSampleIssueSource(store: Store, clock: () => Date) {
  let cached: { date: string; checkedAt: number; matcher: Matcher } | undefined;

  async function loadMatcher(): Promise<{ date: string; matcher: Matcher } | undefined> {
    const at = clock().getTime();
    if (cached && at - cached.checkedAt < refreshMs) return cached;
    const date = await store.papers.latestDigestDate(latestAcceptedDate(clock()));
    if (!date) return undefined;
    if (cached?.date === date) {
      cached.checkedAt = at;
      return cached;
    }
    const papers = await store.papers.listPapers({ digestDate: date });
    const archive = await loadArchiveStats(store.papers, { before: date });
    cached = {
      date,
      checkedAt: at,
      matcher: createMatcher(buildPaperIndex(papers, { archive }), { maxCachedProfiles: 2000 }),
    };
    return cached;
  }

  return {
    /** Selected papers for the topics, best first. */
    async buildSample(topics: string[], maxPapers = 10): Promise<SampleIssue> {
      const loaded = await loadMatcher();
      if (!loaded) return { date: null, papers: [] };
      const profile = Profile.parse({ topics, maxPapers });
      return { date: loaded.date, papers: loaded.matcher.selectPapers(profile) };
    },
  };
}

export type SampleIssueSource = ReturnType<typeof createSampleIssueSource>;
