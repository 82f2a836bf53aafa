import { AppError } from '../errors/index.ts';
import {
  findPapers,
  type PaperSearch,
  type RatingSource,
  type StoredPaper,
  type Subscriber,
  type Vote,
} from '../store/index.ts';
import { previewPublicId, readRateToken } from './rate-links.ts';
import { describeMissingProfile } from './subscriber-form.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';
import { listVerificationKeys } from './tokens.ts';

/** The most papers one reader may rate: the matcher's profile holds at most this many likes and dislikes. */
export const maxRatings = 500;
const tooManyRatings = `You have rated ${maxRatings} papers, the most one reader can. Undo a few under “Papers you rated” first.`;

/** What a reader does to a paper: vote it up or down, or undo (clear) the vote. */
export type RateAction = Vote | 'clear';

/** The subscriber and paper behind a rate link, with the reader's current vote on it. */
export interface RateTarget {
  subscriber: Subscriber;
  paper: StoredPaper;
  /** The reader's vote on this paper now; undefined when there is none. */
  vote: Vote | undefined;
}

/** What `ratePaper` did: the vote now recorded, or why it refused (as data, for the page to show). */
export type RateOutcome = { ok: true; vote: Vote | undefined } | { ok: false; problem: string };

/**
 * Reads a "More like this" / "Less like this" link: checks its token for this paper, then finds the
 * subscriber and the paper. Changes nothing (mail scanners open every link). Throws TOKEN_INVALID
 * for a changed or foreign link and NOT_FOUND, with a sentence for the reader, when the subscriber
 * or the paper is gone or the link comes from a preview.
 *
 * @example const target = await openRateLink(deps, c.req.param('token'), c.req.query('paper') ?? '');
 */
export async function openRateLink(
  deps: SubscriptionDeps,
  token: string,
  paperId: string,
): Promise<RateTarget> {
  const { publicId } = readRateToken(listVerificationKeys(deps.config), token, paperId, deps.clock());
  if (publicId === previewPublicId) {
    throw new AppError(
      'NOT_FOUND',
      'this link is from a preview: votes are recorded only from a reader’s own issue',
    );
  }
  const subscriber = await deps.store.subscribers.findByPublicId(publicId);
  if (!subscriber) throw new AppError('NOT_FOUND', 'this subscription no longer exists');
  const paper = await findStoredPaper(deps, paperId);
  const vote = (await deps.store.ratings.listForSubscriber(subscriber.id)).find(
    (r) => r.paperId === paper.id,
  )?.vote;
  return { subscriber, paper, vote };
}

async function findStoredPaper(deps: SubscriptionDeps, paperId: string): Promise<StoredPaper> {
  const [paper] = await deps.store.papers.listPapersByIds([paperId]);
  if (!paper) throw new AppError('NOT_FOUND', 'this paper is no longer stored', { details: { paperId } });
  return paper;
}

/**
 * Records a reader's vote on a stored paper (a second vote replaces the first) or clears it (any
 * rated paper, stored or not). A change that would leave the reader with neither topics nor a liked
 * paper is refused, and so is a new vote past `maxRatings`: the reason is returned as data.
 *
 * @example await ratePaper(deps, subscriber, 'arxiv:2403.01234', 'up', 'web')
 */
export async function ratePaper(
  deps: SubscriptionDeps,
  subscriber: Subscriber,
  paperId: string,
  action: RateAction,
  source: RatingSource,
): Promise<RateOutcome> {
  const ratings = await deps.store.ratings.listForSubscriber(subscriber.id);
  const current = ratings.find((r) => r.paperId === paperId);
  if (current?.vote === 'up' && action !== 'up') {
    const otherLikes = ratings.filter((r) => r.vote === 'up' && r.paperId !== paperId).length;
    const problem = describeMissingProfile(subscriber.topics, otherLikes);
    if (problem) {
      return {
        ok: false,
        problem: `This is your only liked paper and you have no topics, so your issues would be empty. ${problem}`,
      };
    }
  }
  if (action === 'clear') {
    await deps.store.ratings.clear(subscriber.id, paperId);
    return { ok: true, vote: undefined };
  }
  const paper = await findStoredPaper(deps, paperId);
  if (!current && ratings.length >= maxRatings) return { ok: false, problem: tooManyRatings };
  await deps.store.ratings.rate(subscriber.id, paper.id, action, source, deps.clock());
  return { ok: true, vote: action };
}

/** A reader's ratings with the papers they name, newest first; a paper no longer stored has none. */
export async function listRatedPapers(
  deps: Pick<SubscriptionDeps, 'store'>,
  subscriber: Subscriber,
): Promise<{ paperId: string; vote: Vote; paper: StoredPaper | undefined }[]> {
  const ratings = await deps.store.ratings.listForSubscriber(subscriber.id);
  const papers = new Map(
    (await deps.store.papers.listPapersByIds(ratings.map((r) => r.paperId))).map((p) => [p.id, p]),
  );
  return ratings.map((r) => ({ paperId: r.paperId, vote: r.vote, paper: papers.get(r.paperId) }));
}

/** What "Example papers" found for what the reader typed. */
export type ExampleSearch =
  /** An arXiv id or URL of a stored paper: it was added as liked. */
  | { kind: 'added'; paper: StoredPaper }
  /** Title words: the papers to choose from (nothing is added yet). */
  | { kind: 'found'; search: PaperSearch }
  /** Nothing usable: a sentence for the reader. */
  | { kind: 'problem'; problem: string };

/** Papers shown for a title search on the preferences page. */
const exampleResults = 10;

/**
 * "Example papers" on the preferences page: an arXiv id or arXiv / Hugging Face URL of a stored
 * paper is added as liked at once; title words list the stored papers to pick from.
 *
 * @example await findExamplePapers(deps, subscriber, 'https://arxiv.org/abs/2403.01234')
 */
export async function findExamplePapers(
  deps: SubscriptionDeps,
  subscriber: Subscriber,
  text: string,
): Promise<ExampleSearch> {
  if (text.trim() === '') {
    return { kind: 'problem', problem: 'Type a few words of a title, or paste an arXiv id or link.' };
  }
  const search = await findPapers(deps.store.papers, text.slice(0, 300), { limit: exampleResults });
  if ('arxivId' in search.query) {
    const [paper] = search.papers;
    if (!paper) {
      return {
        kind: 'problem',
        problem: `No stored paper has the arXiv id ${search.query.arxivId}. Only papers that came in a digest can be examples; try words of its title.`,
      };
    }
    const outcome = await ratePaper(deps, subscriber, paper.id, 'up', 'example');
    return outcome.ok ? { kind: 'added', paper } : { kind: 'problem', problem: outcome.problem };
  }
  if (search.query.words.length === 0) {
    return { kind: 'problem', problem: 'Type a few words of a title, or paste an arXiv id or link.' };
  }
  if (search.papers.length === 0) {
    return { kind: 'problem', problem: 'No stored paper has all these words. Try fewer or other words.' };
  }
  return { kind: 'found', search };
}
