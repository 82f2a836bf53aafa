import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Config } from '../config/index.ts';

export interface MailResult {
  messageId: string;
  /** The server's final reply, e.g. "250 OK: queued as …". */
  response: string;
  accepted: string[];
  rejected: string[];
}

/** The role the send engine and the web app see; `SmtpMailer` is the production implementation. */
export interface Mailer {
  send(message: Mail.Options): Promise<MailResult>;
  close(): Promise<void>;
}

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://…` */
  url: string;
  poolSize?: number;
  /** Give up on a silent connection after this long, so a hung relay cannot outlive a lease. */
  socketTimeoutMs?: number;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
}

/** nodemailer over a pooled SMTP connection. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(options: SmtpMailerOptions) {
    // One options object: given a URL string, nodemailer reads the second argument as per-message
    // defaults, and the pool settings would silently never apply (one connection per message).
    this.transport = nodemailer.createTransport({
      url: options.url,
      pool: true,
      maxConnections: options.poolSize ?? 5,
      // The default of 100 messages per connection reconnects constantly and halves throughput.
      maxMessages: Number.POSITIVE_INFINITY,
      ...(options.socketTimeoutMs ? { socketTimeout: options.socketTimeoutMs } : {}),
      ...(options.dkim ? { dkim: options.dkim } : {}),
    } as TransportOptions);
  }

  async send(message: Mail.Options): Promise<MailResult> {
    const info = await this.transport.sendMail(message);
    return {
      messageId: info.messageId ?? '',
      response: info.response ?? '',
      accepted: (info.accepted as (string | { address: string })[]).map((a) =>
        typeof a === 'string' ? a : a.address,
      ),
      rejected: (info.rejected as (string | { address: string })[]).map((a) =>
        typeof a === 'string' ? a : a.address,
      ),
    };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** DKIM signing options from DKIM_*, or undefined when signing is off. */
export function readDkimOptions(config: Config): SmtpMailerOptions['dkim'] {
  if (!config.DKIM_DOMAIN || !config.DKIM_SELECTOR || !config.DKIM_PRIVATE_KEY) return undefined;
  // Env files carry PEM keys on one line with literal "\n".
  return {
    domainName: config.DKIM_DOMAIN,
    keySelector: config.DKIM_SELECTOR,
    privateKey: config.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n'),
  };
}

/**
 * The mailer for SMTP_URL (default: the embedded mail catcher on DEVMAIL_PORT, or `url` when the
 * caller started one elsewhere), with DKIM when DKIM_* is set. The socket timeout stays under half
 * the lease, so a claim never outlives its lease.
 */
export function createSmtpMailer(config: Config, url?: string): SmtpMailer {
  const dkim = readDkimOptions(config);
  return new SmtpMailer({
    url: url ?? config.SMTP_URL ?? `smtp://127.0.0.1:${config.DEVMAIL_PORT}`,
    poolSize: config.SMTP_POOL_SIZE,
    socketTimeoutMs: Math.min(60_000, (config.LEASE_SECONDS * 1000) / 2),
    ...(dkim ? { dkim } : {}),
  });
}
