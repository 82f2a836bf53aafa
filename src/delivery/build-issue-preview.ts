import type { Config } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import { buildPaperIndex, matchPapers, Profile } from '../match/index.ts';
import { type CompiledTemplates, renderIssue } from '../render/index.ts';
import type { Store } from '../store/index.ts';
import { buildSubscriberLinks } from '../subscribers/index.ts';
import { buildRawMessage, composeMessage } from './compose-message.ts';

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
  const links = buildSubscriberLinks(config.PUBLIC_URL, config.SECRET, recipient.publicId);
  const issue = renderIssue(deps.templates, {
    newsletterName: config.NEWSLETTER_NAME,
    date,
    papers: ranked,
    topics: recipient.profile.topics,
    links: { ...links, archiveUrl: `${config.PUBLIC_URL}/archive/${date}` },
    postalAddress: config.POSTAL_ADDRESS,
  });
  const message = composeMessage({
    from: config.MAIL_FROM,
    ...(config.MAIL_REPLY_TO ? { replyTo: config.MAIL_REPLY_TO } : {}),
    to: recipient.email,
    subject: issue.subject,
    html: issue.html,
    text: issue.text,
    date: deps.now(),
    messageId: `<preview.${date}.${recipient.publicId}@${senderDomain(config.MAIL_FROM)}>`,
    listId: config.LIST_ID,
    listName: config.NEWSLETTER_NAME,
    unsubscribeUrl: links.unsubscribeUrl,
    ...(config.UNSUBSCRIBE_MAILTO ? { unsubscribeMailto: config.UNSUBSCRIBE_MAILTO } : {}),
    ...(config.DKIM_DOMAIN && config.DKIM_SELECTOR && config.DKIM_PRIVATE_KEY
      ? {
          dkim: {
            domainName: config.DKIM_DOMAIN,
            keySelector: config.DKIM_SELECTOR,
            privateKey: config.DKIM_PRIVATE_KEY,
          },
        }
      : {}),
  });
  const eml = await buildRawMessage(message);
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

/** `Paperboy <news@example.org>` → `example.org`, so Message-IDs belong to the sender's domain. */
function senderDomain(mailFrom: string): string {
  return /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'localhost';
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
