import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Config } from '../config/index.ts';
import { composeListMessage, composeRawMessage, type RawMessage } from '../mail/index.ts';
import {
  type CompiledTemplates,
  formatLocalDate,
  type IssueData,
  type IssuePaper,
  type RenderedIssue,
  readBrand,
  renderIssue,
} from '../render/index.ts';
import { buildRateUrls, previewPublicId } from '../subscribers/rate-links.ts';
import { buildIssueWebUrl, buildSubscriberLinks } from '../subscribers/subscriber-links.ts';

export interface IssueRecipient {
  publicId: string;
  email: string;
  topics: readonly string[];
  /** The subscriber's zone, for the date in the header; UTC when unknown. */
  timezone?: string;
}

export interface IssueMessageInput {
  config: Config;
  templates: CompiledTemplates;
  recipient: IssueRecipient;
  date: string;
  papers: readonly IssuePaper[];
  messageId: string;
  now: Date;
  /**
   * An operator's preview: its "More like this" / "Less like this" links are inert (they open a page
   * that says they come from a preview), so looking at a reader's issue never votes for them.
   */
  preview?: boolean;
}

/** Renders one subscriber's issue and wraps it in the message the mailer sends. Pure. */
export function buildIssueMessage(input: IssueMessageInput): Mail.Options {
  return renderIssueMessage(input).message;
}

/**
 * Renders one subscriber's issue straight to the MIME bytes the transport sends, built once per
 * issue. Deterministic: the same input gives the same bytes, in this thread or a render worker.
 */
export async function buildIssueRaw(input: IssueMessageInput): Promise<RawMessage> {
  return composeRawMessage(buildIssueMessage(input));
}

/**
 * What the templates need for one subscriber's issue: their signed links, the send date in their
 * zone, and the newsletter's identity. Shared by the email and its web version, so both show the same.
 */
export function buildIssueData(
  input: Pick<IssueMessageInput, 'config' | 'recipient' | 'date' | 'papers' | 'now' | 'preview'>,
): IssueData {
  const { config, recipient } = input;
  const links = buildSubscriberLinks(config.PUBLIC_URL, config.SECRET, recipient.publicId);
  const rater = input.preview ? previewPublicId : recipient.publicId;
  return {
    newsletterName: config.NEWSLETTER_NAME,
    date: input.date,
    sentOn: formatLocalDate(input.now, recipient.timezone),
    papers: input.papers,
    topics: recipient.topics,
    links: {
      ...links,
      webUrl: buildIssueWebUrl(config.PUBLIC_URL, config.SECRET, recipient.publicId, input.date),
    },
    rateUrls: (paperId) => buildRateUrls(config.PUBLIC_URL, config.SECRET, rater, paperId),
    postalAddress: config.POSTAL_ADDRESS,
    brand: readBrand(config),
  };
}

/** The rendered issue together with its message, for callers that show both (the preview). Pure. */
export function renderIssueMessage(input: IssueMessageInput): {
  issue: RenderedIssue;
  message: Mail.Options;
} {
  const data = buildIssueData(input);
  const issue = renderIssue(input.templates, data);
  const message = composeListMessage(input.config, {
    to: input.recipient.email,
    subject: issue.subject,
    html: issue.html,
    text: issue.text,
    date: input.now,
    messageId: input.messageId,
    unsubscribeUrl: data.links.unsubscribeUrl,
  });
  // Quoted-printable encoding of a ~60 KB issue is done in JavaScript and was the largest cost per
  // message; base64 is native, and every receiver decodes it.
  return { issue, message: { ...message, textEncoding: 'base64' } };
}
