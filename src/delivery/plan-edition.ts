import type { Config } from '../config/index.ts';
import { createMessageId } from '../mail/index.ts';
import { buildPaperIndex, createMatcher, type Matcher } from '../match/index.ts';
import {
  chunk,
  createTimeSlicer,
  type FrozenPaper,
  loadArchiveStats,
  loadRatings,
  noReaderRatings,
  type Store,
  type Subscriber,
} from '../store/index.ts';

/**
 * Matchers by paper window (`from..to`), built once and shared by the pages of one edition, or by the
 * pages of one scheduler tick. Scope one to a single run: a later run may see papers ingested since.
 */
export type MatcherCache = Map<string, Matcher | undefined>;

/** What one subscriber gets in an edition, before it is written to the ledger. */
export interface PlannedDelivery {
  subscriber: Subscriber;
  status: 'pending' | 'skipped';
  skipReason?: string;
  papers: FrozenPaper[];
  messageId: string;
}

export interface EditionPlan {
  date: string;
  /** Subscribers that already have a delivery in this edition and are left as they are. */
  alreadyEnqueued: number;
  deliveries: PlannedDelivery[];
}

/** The longest the planner computes without letting other work (web requests, SMTP replies) run. */
const planSliceMs = 10;

/** How far back a subscriber's first issue reaches, and the most any issue reaches after a long gap. */
const weeklyWindowDays = 7;
const maxWindowDays = 7;

/**
 * Decides every due subscriber's issue for the edition of `date`: the papers first seen after their
 * last issue (the digest of `date` itself for a first daily issue, the past week for a first weekly
 * one), minus papers already promised to them, as selected by the matcher. Reads only.
 */
export async function planEdition(
  store: Store,
  config: Pick<Config, 'SEND_EMPTY' | 'MAIL_FROM'>,
  input: {
    date: string;
    editionId?: number;
    subscriberIds?: readonly number[];
    /** Plan for subscribers of any status too (the preview of a pending or paused subscriber). */
    includeUnconfirmed?: boolean;
    /** Subscribers already in the edition, when the caller plans page by page and read them once. */
    existing?: ReadonlySet<number>;
    /** Matchers by paper window, shared across the pages of one edition. */
    matchers?: MatcherCache;
  },
): Promise<EditionPlan> {
  const existing =
    input.existing ??
    (input.editionId ? await store.editions.listEnqueuedSubscriberIds(input.editionId) : new Set<number>());
  const status = input.includeUnconfirmed ? {} : { status: ['confirmed' as const] };
  const confirmed = input.subscriberIds
    ? await store.subscribers.listByIds(input.subscriberIds, status)
    : await store.subscribers.list(status);
  const due = confirmed.filter((s) => !existing.has(s.id));
  const ids = due.map((s) => s.id);
  const suppressed = await store.subscribers.listSuppressedEmails(due.map((s) => s.email));
  const lastDates = await store.editions.findLastIssueDates(ids);

  const windowStart = (s: Subscriber): string => {
    const last = lastDates.get(s.id);
    const earliest = addDays(input.date, -(maxWindowDays - 1));
    if (last) return maxDate(addDays(last, 1), earliest);
    return s.frequency === 'weekly' ? addDays(input.date, -(weeklyWindowDays - 1)) : input.date;
  };
  const starts = new Map(due.map((s) => [s.id, windowStart(s)]));
  const earliestStart = [input.date, ...starts.values()].sort()[0] ?? input.date;
  const sent = await store.editions.listSentPaperIds(ids, earliestStart);
  const rated = await loadRatings(store.ratings, store.papers, ids);

  // Subscribers share windows (usually one or two per edition), so one matcher per window serves them all.
  const matchers: MatcherCache = input.matchers ?? new Map();
  const matcherFor = async (from: string): Promise<Matcher | undefined> => {
    if (from > input.date) return undefined;
    const window = `${from}..${input.date}`;
    if (!matchers.has(window)) {
      const papers = await store.papers.listPapersFirstSeenBetween(from, input.date);
      const archive = papers.length > 0 ? await loadArchiveStats(store.papers, { before: from }) : undefined;
      matchers.set(window, archive ? createMatcher(buildPaperIndex(papers, { archive })) : undefined);
    }
    return matchers.get(window);
  };

  const deliveries: PlannedDelivery[] = [];
  // Matching is pure CPU; slicing it keeps the web app answering while a large edition is frozen.
  const pause = createTimeSlicer(planSliceMs);
  for (const subscriber of due) {
    await pause();
    const messageId = createMessageId(input.date, config.MAIL_FROM);
    if (suppressed.has(subscriber.email)) {
      deliveries.push({ subscriber, status: 'skipped', skipReason: 'suppressed', papers: [], messageId });
      continue;
    }
    const matcher = await matcherFor(starts.get(subscriber.id) ?? input.date);
    const already = sent.get(subscriber.id);
    // Filtering after selection can leave fewer than maxPapers; papers reach a second window only when
    // a digest re-dates them, so this is rare and never sends a paper twice.
    const reader = rated.get(subscriber.id) ?? noReaderRatings;
    // Example papers alone are a profile too.
    const papers =
      matcher && (subscriber.topics.length > 0 || reader.ids.likes.length > 0)
        ? matcher
            .selectPapers(
              {
                topics: subscriber.topics,
                exclude: subscriber.exclude,
                maxPapers: Math.min(Math.max(subscriber.maxPapers, 1), 100),
                breadth: subscriber.breadth,
                ...reader.ids,
              },
              reader.ratings,
            )
            .filter((ranked) => !already?.has(ranked.paper.id))
            .map((ranked) => ({
              id: ranked.paper.id,
              reasons: ranked.reasons,
              matchedTopics: ranked.matchedTopics,
            }))
        : [];
    if (papers.length === 0 && !config.SEND_EMPTY) {
      deliveries.push({ subscriber, status: 'skipped', skipReason: 'no matching papers', papers, messageId });
    } else {
      deliveries.push({ subscriber, status: 'pending', papers, messageId });
    }
  }
  return { date: input.date, alreadyEnqueued: confirmed.length - due.length, deliveries };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** Subscribers planned per page: memory stays flat however long the list. */
const pageSize = 1000;

/**
 * Plans an edition page by page (default: every confirmed subscriber), reading the edition's
 * existing deliveries once and sharing the matchers between pages.
 */
export async function* planEditionInPages(
  store: Store,
  config: Pick<Config, 'SEND_EMPTY' | 'MAIL_FROM'>,
  input: { date: string; editionId?: number; subscriberIds?: readonly number[]; matchers?: MatcherCache },
): AsyncGenerator<EditionPlan> {
  const ids = input.subscriberIds ?? (await store.subscribers.listIds({ status: ['confirmed'] }));
  const { editionId } = input;
  // A whole list reads the edition's deliveries once; a given list (a scheduler page) only its own.
  const everyone =
    editionId !== undefined && !input.subscriberIds
      ? await store.editions.listEnqueuedSubscriberIds(editionId)
      : undefined;
  const matchers: MatcherCache = input.matchers ?? new Map();
  for (const page of chunk(ids, pageSize)) {
    const existing =
      everyone ??
      (editionId !== undefined
        ? await store.editions.listEnqueuedSubscriberIds(editionId, page)
        : new Set<number>());
    yield planEdition(store, config, {
      date: input.date,
      ...(editionId !== undefined ? { editionId } : {}),
      subscriberIds: page,
      existing,
      matchers,
    });
  }
}
