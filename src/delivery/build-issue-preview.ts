import type { Config } from '../config/index.ts';
import { latestAcceptedDate } from '../digest/digest-date.ts';
import type { Paper } from '../digest/index.ts';
import { AppError } from '../errors/index.ts';
import { buildRawMessage, createMessageId, messageIdDomain, readDkimOptions } from '../mail/index.ts';
import { buildPaperIndex, matchPapers, Profile, type TermStats } from '../match/index.ts';
import type { CompiledTemplates, IssuePaper } from '../render/index.ts';
import { type DeliveryStatus, type FrozenPaper, loadArchiveStats, type Store } from '../store/index.ts';
import { readJson } from '../store/json-column.ts';
import { previewPublicId } from '../subscribers/rate-links.ts';
import { type IssueRecipient, renderIssueMessage } from './build-issue-message.ts';
import { planEdition } from './plan-edition.ts';
import { loadFrozenPapers } from './thaw-papers.ts';

export interface IssuePreviewDeps {
  store: Store;
  templates: CompiledTemplates;
  config: Config;
  clock: () => Date;
}

/** Whose issue to preview: a stored subscriber by email, or ad-hoc topics. */
export type IssuePreviewRequest = (
  | { email: string; topics?: undefined }
  | { topics: string[]; email?: undefined }
) & {
  /** Edition date `YYYY-MM-DD`; the latest ingested digest when absent. */
  date?: string;
};

export interface IssuePreview {
  date: string;
  to: string;
  subject: string;
  preheader: string;
  paperCount: number;
  html: string;
  text: string;
  /** The top-level headers of the MIME message, unfolded, in order. */
  headers: [name: string, value: string][];
  /** The full MIME message, exactly as the sender would hand it to SMTP. */
  eml: Buffer;
  /**
   * For a subscriber: the delivery's status when the edition was already enqueued for them,
   * `planned` when it would be enqueued now, `skipped` when nothing would be sent.
   */
  status?: 'planned' | DeliveryStatus;
}

/** Placeholder recipient for topic previews: `.invalid` can never receive mail (RFC 2606). */
const previewRecipient = 'preview@example.invalid';
/** Subject of the signed links in a topic preview; it matches no subscriber, so the links are inert. */
const previewSubject = previewPublicId;

/**
 * What one subscriber (or a set of topics) would receive for an edition: the rendered issue and the
 * full message with every header. Used by `paperboy preview` and the web app's preview page.
 *
 * @example
 * const preview = await buildIssuePreview(deps, { email: 'ada@example.org', date: '2025-03-11' });
 * response.type('html').send(preview.html);
 */
export async function buildIssuePreview(
  deps: IssuePreviewDeps,
  request: IssuePreviewRequest,
): Promise<IssuePreview> {
  const { config, store } = deps;
  const date = request.date ?? (await store.papers.latestDigestDate(latestAcceptedDate(deps.clock())));
  if (!date) throw new AppError('NOT_FOUND', 'no digest has been ingested yet; run `paperboy ingest` first');
  const papers = await store.papers.listPapers({ digestDate: date });
  if (papers.length === 0) {
    throw new AppError('NOT_FOUND', `no digest for ${date}`, { details: { date } });
  }
  const selection =
    request.email === undefined
      ? selectForTopics(
          papers,
          request.topics,
          date,
          config,
          await loadArchiveStats(store.papers, { before: date }),
        )
      : await selectForSubscriber(deps, request.email, date);
  const dkim = readDkimOptions(config);
  const { issue, message } = renderIssueMessage({
    config,
    templates: deps.templates,
    recipient: selection.recipient,
    date,
    papers: selection.papers,
    messageId: selection.messageId,
    now: deps.clock(),
    preview: true,
  });
  // The same bytes the sender hands to SMTP, signed the way the SMTP transport would sign them.
  const eml = await buildRawMessage({ ...message, ...(dkim ? { dkim } : {}) });
  return {
    date,
    to: selection.recipient.email,
    ...issue,
    paperCount: selection.papers.length,
    ...(selection.status ? { status: selection.status } : {}),
    headers: readHeaders(eml),
    eml,
  };
}

interface Selection {
  recipient: IssueRecipient;
  papers: IssuePaper[];
  messageId: string;
  status?: IssuePreview['status'];
}

function selectForTopics(
  papers: Paper[],
  topics: string[],
  date: string,
  config: Config,
  archive: TermStats,
): Selection {
  const parsed = Profile.safeParse({ topics });
  if (!parsed.success) {
    throw new AppError('PROFILE_INVALID', `topics: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      cause: parsed.error,
    });
  }
  return {
    recipient: { email: previewRecipient, publicId: previewSubject, topics: parsed.data.topics },
    papers: matchPapers(buildPaperIndex(papers, { archive }), parsed.data).filter((r) => r.selected),
    messageId: `<preview.${date}@${messageIdDomain(config.MAIL_FROM)}>`,
  };
}

/**
 * A subscriber's issue exactly as the send engine has it: the frozen delivery (same papers, same
 * Message-ID) when the edition was already enqueued for them, else the plan `enqueueEdition` would
 * make now (papers since their last issue, minus papers already sent to them).
 */
async function selectForSubscriber(deps: IssuePreviewDeps, email: string, date: string): Promise<Selection> {
  const { store, config } = deps;
  const subscriber = await store.subscribers.findByEmail(email);
  if (!subscriber) {
    throw new AppError('NOT_FOUND', `no subscriber with the email ${email}`, { details: { email } });
  }
  const edition = await store.editions.findEdition(date);
  const delivery = edition ? await store.editions.findDelivery(edition.id, subscriber.id) : undefined;
  let frozen: FrozenPaper[];
  let messageId: string;
  let status: IssuePreview['status'];
  if (delivery) {
    frozen = readJson<FrozenPaper[]>(delivery.papers, []);
    messageId = delivery.message_id;
    status = delivery.status;
  } else {
    const plan = await planEdition(store, config, {
      date,
      subscriberIds: [subscriber.id],
      includeUnconfirmed: true,
    });
    const planned = plan.deliveries[0];
    frozen = planned?.papers ?? [];
    messageId = planned?.messageId ?? createMessageId(date, config.MAIL_FROM);
    status = planned?.status === 'skipped' ? 'skipped' : 'planned';
  }
  return {
    recipient: subscriber,
    papers: await loadFrozenPapers(store, frozen),
    messageId,
    status,
  };
}

function readHeaders(eml: Buffer): [string, string][] {
  const head = eml.toString('utf8', 0, Math.max(0, eml.indexOf('\r\n\r\n')));
  return head
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
}
