import { createHash } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import type { DKIMOptions } from 'nodemailer/lib/dkim';
import DKIM from 'nodemailer/lib/dkim';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Config } from '../config/index.ts';
import { serializeMimeTree } from './serialize-mime-tree.ts';

export interface ComposeMessageInput {
  /** `MAIL_FROM`, e.g. `Paperboy <paperboy@example.org>`. */
  from: string;
  replyTo?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The send time, passed in so a preview and its delivery can share one clock. */
  date: Date;
  /** Stable per delivery (`<id@domain>`), so a retried send is recognisably the same message. */
  messageId: string;
  /** `LIST_ID`, e.g. `daily.paperboy.example.org`. */
  listId: string;
  /** Human name shown with the List-Id, usually the newsletter name. */
  listName: string;
  /** The one-click (RFC 8058) unsubscribe URL carrying the subscriber's token. */
  unsubscribeUrl: string;
  /** `UNSUBSCRIBE_MAILTO`: offered as a second List-Unsubscribe method when set. */
  unsubscribeMailto?: string;
  dkim?: DKIMOptions;
}

/**
 * The nodemailer message for one issue or account email, shared by the preview and the sender so a
 * preview shows exactly the headers a subscriber receives.
 *
 * @example
 * const options = composeMessage({ from, to, subject, html, text, date, messageId, listId, listName, unsubscribeUrl });
 * await transport.sendMail(options);
 */
export function composeMessage(input: ComposeMessageInput): SendMailOptions {
  const unsubscribe = [`<${new URL(input.unsubscribeUrl).href}>`];
  if (input.unsubscribeMailto) unsubscribe.push(`<mailto:${input.unsubscribeMailto}?subject=unsubscribe>`);
  return {
    from: input.from,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    to: input.to,
    subject: input.subject,
    date: input.date,
    messageId: input.messageId,
    // Derived from the Message-ID so the same message always has the same bytes (stable snapshots, stable DKIM body hash).
    baseBoundary: createHash('sha256').update(input.messageId).digest('hex').slice(0, 16),
    headers: {
      // Prepared: nodemailer must not fold or re-encode these; receivers parse them strictly.
      'List-Unsubscribe': { prepared: true, value: unsubscribe.join(', ') },
      'List-Unsubscribe-Post': { prepared: true, value: 'List-Unsubscribe=One-Click' },
      'List-Id': { prepared: true, value: formatListId(input.listName, input.listId) },
    },
    text: input.text,
    html: input.html,
    ...(input.dkim ? { dkim: input.dkim } : {}),
  };
}

/**
 * RFC 2919 List-Id. nodemailer would encode the whole value, `<id>` included, so the phrase is
 * encoded here: quoted when ASCII, an RFC 2047 encoded word otherwise.
 */
function formatListId(name: string, id: string): string {
  const phrase = /^[\x20-\x7e]*$/.test(name)
    ? `"${name.replace(/["\\]/g, '\\$&')}"`
    : `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;
  return `${phrase} <${id}>`;
}

/**
 * The full MIME message (what `paperboy preview --format eml` writes), DKIM-signed when the options
 * carry a key, exactly as the SMTP transport would sign it.
 */
export async function buildRawMessage(options: SendMailOptions): Promise<Buffer> {
  const node = new MailComposer(options).compile();
  const raw = serializeMimeTree(node) ?? (await node.build());
  if (!options.dkim) return raw;
  const chunks: Buffer[] = [];
  for await (const chunk of new DKIM(options.dkim).sign(raw)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A message built once, ready for the transport: what SMTP sends, with no further MIME work per call. */
export interface RawMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  messageId: string;
}

/**
 * Builds the MIME bytes of a message once (nodemailer's `raw`), so the transport only writes a
 * buffer. Not DKIM-signed: the transport signs what it sends, raw or not.
 *
 * @example
 * const message = await composeRawMessage(composeListMessage(config, input));
 * await mailer.send(message);
 */
export async function composeRawMessage(options: SendMailOptions): Promise<RawMessage> {
  const node = new MailComposer(options).compile();
  const envelope = node.getEnvelope();
  const raw = serializeMimeTree(node) ?? (await node.build());
  return {
    envelope: { from: envelope.from || '', to: envelope.to },
    raw,
    messageId: node.messageId(),
  };
}

/** The sender settings every list message takes from the configuration. */
export type ListSettings = Pick<
  Config,
  'MAIL_FROM' | 'MAIL_REPLY_TO' | 'LIST_ID' | 'NEWSLETTER_NAME' | 'UNSUBSCRIBE_MAILTO'
>;

/** `composeMessage` for a list member (issues, welcome): sender, List-Id and List-Unsubscribe from config. */
export function composeListMessage(
  config: ListSettings,
  input: Pick<
    ComposeMessageInput,
    'to' | 'subject' | 'html' | 'text' | 'date' | 'messageId' | 'unsubscribeUrl'
  >,
): SendMailOptions {
  return composeMessage({
    ...input,
    from: config.MAIL_FROM,
    ...(config.MAIL_REPLY_TO ? { replyTo: config.MAIL_REPLY_TO } : {}),
    listId: config.LIST_ID,
    listName: config.NEWSLETTER_NAME,
    ...(config.UNSUBSCRIBE_MAILTO ? { unsubscribeMailto: config.UNSUBSCRIBE_MAILTO } : {}),
  });
}
