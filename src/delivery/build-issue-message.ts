import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Config } from '../config/index.ts';
import { composeListMessage } from '../mail/index.ts';
import { type CompiledTemplates, type IssuePaper, type RenderedIssue, renderIssue } from '../render/index.ts';
import { buildSubscriberLinks } from '../subscribers/subscriber-links.ts';

export interface IssueRecipient {
  publicId: string;
  email: string;
  topics: readonly string[];
}

export interface IssueMessageInput {
  config: Config;
  templates: CompiledTemplates;
  recipient: IssueRecipient;
  date: string;
  papers: readonly IssuePaper[];
  messageId: string;
  now: Date;
}

/** Renders one subscriber's issue and wraps it in the message the mailer sends. Pure. */
export function buildIssueMessage(input: IssueMessageInput): Mail.Options {
  return renderIssueMessage(input).message;
}

/** The rendered issue together with its message, for callers that show both (the preview). Pure. */
export function renderIssueMessage(input: IssueMessageInput): {
  issue: RenderedIssue;
  message: Mail.Options;
} {
  const { config, recipient } = input;
  const links = buildSubscriberLinks(config.PUBLIC_URL, config.SECRET, recipient.publicId);
  const issue = renderIssue(input.templates, {
    newsletterName: config.NEWSLETTER_NAME,
    date: input.date,
    papers: input.papers,
    topics: recipient.topics,
    links: { ...links, archiveUrl: `${config.PUBLIC_URL}/archive/${input.date}` },
    postalAddress: config.POSTAL_ADDRESS,
  });
  const message = composeListMessage(config, {
    to: recipient.email,
    subject: issue.subject,
    html: issue.html,
    text: issue.text,
    date: input.now,
    messageId: input.messageId,
    unsubscribeUrl: links.unsubscribeUrl,
  });
  // Quoted-printable encoding of a ~60 KB issue is done in JavaScript and was the largest cost per
  // message; base64 is native, and every receiver decodes it.
  return { issue, message: { ...message, textEncoding: 'base64' } };
}
