import type { Config } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import { buildPaperIndex, matchPapers, Profile } from '../match/index.ts';
import type { CompiledTemplates } from '../render/index.ts';
import type { Store } from '../store/index.ts';
import { renderIssueMessage } from './build-issue-message.ts';
import { buildRawMessage } from './compose-message.ts';
import { readDkimOptions } from './mailer.ts';
import { messageIdDomain } from './message-id.ts';

export interface IssuePreviewDeps {
  store: Store;
  templates: CompiledTemplates;
  config: Config;
  now: () => Date;
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
}

/** Placeholder recipient for topic previews: `.invalid` can never receive mail (RFC 2606). */
const previewRecipient = 'preview@example.invalid';
/** Subject of the signed links in a topic preview; it matches no subscriber, so the links are inert. */
const previewSubject = 'preview';

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
  const date = request.date ?? (await store.papers.latestDigestDate());
  if (!date) throw new AppError('NOT_FOUND', 'no digest has been ingested yet; run `paperboy ingest` first');
  const papers = await store.papers.listPapers({ digestDate: date });
  if (papers.length === 0) {
    throw new AppError('NOT_FOUND', `no digest for ${date}`, { details: { date } });
  }
  const recipient = await resolveRecipient(store, request);
  const ranked = matchPapers(buildPaperIndex(papers), recipient.profile);
  const dkim = readDkimOptions(config);
  const { issue, message } = renderIssueMessage({
    config,
    templates: deps.templates,
    recipient: { email: recipient.email, publicId: recipient.publicId, topics: recipient.profile.topics },
    date,
    papers: ranked,
    messageId: `<preview.${date}.${recipient.publicId}@${messageIdDomain(config.MAIL_FROM)}>`,
    now: deps.now(),
  });
  // The same bytes the sender hands to SMTP, signed the way the SMTP transport would sign them.
  const eml = await buildRawMessage({ ...message, ...(dkim ? { dkim } : {}) });
  const paperCount = ranked.filter((r) => r.selected).length;
  return { date, to: recipient.email, ...issue, paperCount, headers: readHeaders(eml), eml };
}

async function resolveRecipient(
  store: Store,
  request: IssuePreviewRequest,
): Promise<{ email: string; publicId: string; profile: Profile }> {
  if (request.email === undefined) {
    const parsed = Profile.safeParse({ topics: request.topics });
    if (!parsed.success) {
      throw new AppError('PROFILE_INVALID', `topics: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
        cause: parsed.error,
      });
    }
    return { email: previewRecipient, publicId: previewSubject, profile: parsed.data };
  }
  const subscriber = await store.subscribers.findByEmail(request.email);
  if (!subscriber) {
    throw new AppError('NOT_FOUND', `no subscriber with the email ${request.email}`, {
      details: { email: request.email },
    });
  }
  const profile = Profile.parse({
    topics: subscriber.topics,
    exclude: subscriber.exclude,
    breadth: subscriber.breadth,
    maxPapers: subscriber.maxPapers,
  });
  return { email: subscriber.email, publicId: subscriber.publicId, profile };
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
