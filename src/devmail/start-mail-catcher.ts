import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { OutboxRepository } from '../store/index.ts';

export interface MailCatcher {
  /** `smtp://127.0.0.1:PORT`, to hand to the SMTP mailer. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface MailCatcherOptions {
  outbox: OutboxRepository;
  port: number;
  host?: string;
  clock?: () => Date;
  /** Called after each stored message (for logs). */
  onMessage?: (info: { id: number; to: string[]; subject: string; messageId: string | null }) => void;
}

const maxMessageBytes = 20 * 1024 * 1024;

/**
 * The built-in local mail catcher: a real SMTP server on localhost that stores every message in
 * the database for `/outbox`. It lets a newcomer run the whole product with no SMTP account.
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const clock = options.clock ?? (() => new Date());
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    size: maxMessageBytes,
    logger: false,
    banner: 'Paperboy local mail catcher',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = readHeaders(raw);
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const subject = decodeMimeWords(headers.get('subject') ?? '(no subject)');
        options.outbox
          .add({
            receivedAt: clock().toISOString(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to,
            subject,
            messageId: headers.get('message-id') ?? null,
            raw,
            size: raw.length,
          })
          .then((id) => {
            options.onMessage?.({ id, to, subject, messageId: headers.get('message-id') ?? null });
            callback(null, `queued as ${id}`);
          })
          // A storage failure is a temporary failure for the sender: it will retry.
          .catch((error: Error) => callback(Object.assign(error, { responseCode: 451 })));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Client resets and similar noise must not crash the daemon.
  server.on('error', () => {});
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The header block, unfolded, with lower-cased names (first occurrence wins). */
function readHeaders(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`), which nodemailer uses for non-ASCII subjects. */
export function decodeMimeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g,
      (_all, _charset: string, encoding: string, text: string) => {
        if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
        const bytes = text
          .replace(/_/g, ' ')
          .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
        return Buffer.from(bytes, 'latin1').toString('utf8');
      },
    );
}
