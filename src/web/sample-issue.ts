import { latestAcceptedDate } from '../digest/digest-date.ts';
import {
  buildPaperIndex,
  createMatcher,
  type Matcher,
  type PaperIndex,
  Profile,
  type RankedPaper,
  type SpellingSuggestion,
  suggestSpellings,
} from '../match/index.ts';
import { describeWhy, findPaperUrl, formatAuthors, readReasons } from '../render/index.ts';
import { loadArchiveStats, type Store } from '../store/index.ts';

export interface SampleIssue {
  /** The edition the sample is drawn from; null before the first digest is ingested. */
  date: string | null;
  papers: RankedPaper[];
  /** Words of the topics that look mistyped ("difusion"), with the word each nearly is: the page asks. */
  didYouMean: SpellingSuggestion[];
}

/** How long a built index is reused before checking for a newer edition. */
const refreshMs = 60_000;

/**
 * The live sample on the sign-up and preferences pages: what the latest edition would give these
 * topics. The paper index is built once per edition and reused across keystrokes and visitors.
 */
export function createSampleIssueSource(store: Store, clock: () => Date) {
  let cached: { date: string; checkedAt: number; index: PaperIndex; matcher: Matcher } | undefined;

  async function loadMatcher(): Promise<{ date: string; index: PaperIndex; matcher: Matcher } | undefined> {
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
    const index = buildPaperIndex(papers, { archive });
    cached = { date, checkedAt: at, index, matcher: createMatcher(index, { maxCachedProfiles: 2000 }) };
    return cached;
  }

  return {
    /** Selected papers for the topics, best first. */
    async buildSample(topics: string[], maxPapers = 10): Promise<SampleIssue> {
      const loaded = await loadMatcher();
      if (!loaded) return { date: null, papers: [], didYouMean: [] };
      const profile = Profile.parse({ topics, maxPapers });
      return {
        date: loaded.date,
        papers: loaded.matcher.selectPapers(profile),
        didYouMean: suggestSpellings(profile.topics, loaded.index),
      };
    },
    /** Words of saved topics that look mistyped, against the latest edition: the preferences page asks. */
    async suggestSpellings(topics: readonly string[]): Promise<SpellingSuggestion[]> {
      const loaded = await loadMatcher();
      return loaded ? suggestSpellings(topics, loaded.index) : [];
    },
  };
}

export type SampleIssueSource = ReturnType<typeof createSampleIssueSource>;

/** One paper of a sample as the pages show it: what an issue's card says, in a few fields. */
export interface SamplePaper {
  title: string;
  /** The paper's own page, or null (never a javascript: or other non-http link). */
  url: string | null;
  authors: string | null;
  /** The issue's one-line "why", or null when the reasons say nothing readable. */
  why: string | null;
  matchedTopics: string[];
  /** The matcher's own sentences, for scripts that want the detail. */
  reasons: string[];
}

/** The fields of a sample paper, built the way the email builds its card. */
export function toSamplePaper(ranked: RankedPaper): SamplePaper {
  return {
    title: ranked.paper.title,
    url: findPaperUrl(ranked.paper) ?? null,
    authors: formatAuthors(ranked.paper.authors),
    why: describeWhy(readReasons(ranked.reasons)) ?? null,
    matchedTopics: ranked.matchedTopics,
    reasons: ranked.reasons.slice(0, 2),
  };
}
