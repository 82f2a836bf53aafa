import type { Config } from '../config/index.ts';
import { buildPaperIndex, createMatcher, type Matcher } from '../match/index.ts';
import type { FrozenPaper, Store, Subscriber } from '../store/index.ts';
import { createMessageId } from './message-id.ts';

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
  },
): Promise<EditionPlan> {
  const wanted = input.subscriberIds ? new Set(input.subscriberIds) : undefined;
  const existing = input.editionId
    ? await store.deliveries.listEnqueuedSubscriberIds(input.editionId)
    : new Set<number>();
  const confirmed = (
    await store.subscribers.list(input.includeUnconfirmed ? {} : { status: ['confirmed'] })
  ).filter((s) => !wanted || wanted.has(s.id));
  const due = confirmed.filter((s) => !existing.has(s.id));
  const ids = due.map((s) => s.id);
  const suppressed = await store.deliveries.listSuppressedEmails(due.map((s) => s.email));
  const lastDates = await store.deliveries.findLastIssueDates(ids);

  const windowStart = (s: Subscriber): string => {
    const last = lastDates.get(s.id);
    const earliest = addDays(input.date, -(maxWindowDays - 1));
    if (last) return maxDate(addDays(last, 1), earliest);
    return s.frequency === 'weekly' ? addDays(input.date, -(weeklyWindowDays - 1)) : input.date;
  };
  const starts = new Map(due.map((s) => [s.id, windowStart(s)]));
  const earliestStart = [input.date, ...starts.values()].sort()[0] ?? input.date;
  const sent = await store.deliveries.listSentPaperIds(ids, earliestStart);

  // Subscribers share windows (usually one or two per edition), so one matcher per window serves them all.
  const matchers = new Map<string, Matcher | undefined>();
  const matcherFor = async (from: string): Promise<Matcher | undefined> => {
    if (from > input.date) return undefined;
    if (!matchers.has(from)) {
      const papers = await store.papers.listPapersFirstSeenBetween(from, input.date);
      matchers.set(from, papers.length > 0 ? createMatcher(buildPaperIndex(papers)) : undefined);
    }
    return matchers.get(from);
  };

  const deliveries: PlannedDelivery[] = [];
  for (const subscriber of due) {
    const messageId = createMessageId(input.date, config.MAIL_FROM);
    if (suppressed.has(subscriber.email)) {
      deliveries.push({ subscriber, status: 'skipped', skipReason: 'suppressed', papers: [], messageId });
      continue;
    }
    const matcher = await matcherFor(starts.get(subscriber.id) ?? input.date);
    const already = sent.get(subscriber.id);
    // Filtering after selection can leave fewer than maxPapers; papers reach a second window only when
    // a digest re-dates them, so this is rare and never sends a paper twice.
    const papers =
      matcher && subscriber.topics.length > 0
        ? matcher
            .selectPapers({
              topics: subscriber.topics,
              exclude: subscriber.exclude,
              maxPapers: Math.min(Math.max(subscriber.maxPapers, 1), 100),
              breadth: subscriber.breadth,
            })
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
