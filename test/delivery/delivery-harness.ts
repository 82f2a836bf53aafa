import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { type Config, loadConfig } from '../../src/config/index.ts';
import type { Store } from '../../src/store/index.ts';
import { ingestSampleDigest } from '../helpers/fixtures.ts';
import { type PaperboyProcess, spawnPaperboy as spawnPaperboyProcess } from '../helpers/paperboy-process.ts';
import { createTestDatabase, testBackends } from '../helpers/test-store.ts';
import { waitFor } from '../helpers/wait-for.ts';

export const editionDate = '2024-03-11';

/** The backends every delivery suite runs on: SQLite always, PostgreSQL whenever one answers (test/setup/find-postgres.ts). */
export const backends = testBackends;

export interface TestDatabase {
  url: string;
  store: Store;
  cleanup(): Promise<void>;
}

/** A fresh database with its store open: a temp SQLite file, or a throwaway PostgreSQL schema. */
export async function openTestDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const database = createTestDatabase(kind);
  const store = await database.open();
  return {
    url: database.url,
    store,
    async cleanup() {
      await store.close();
      await database.destroy();
    },
  };
}

const topicSets = [
  ['large language models', 'reasoning'],
  ['reinforcement learning'],
  ['conformal prediction', 'uncertainty'],
  ['diffusion models', 'image generation'],
];

/** Ingests the sample digest and inserts `count` confirmed subscribers whose topics match it. */
export async function seedSubscribers(
  store: Store,
  count: number,
  options: { domain?: string; unmatched?: number } = {},
): Promise<string[]> {
  await ingestSampleDigest(store, editionDate, new Date('2024-03-11T05:00:00Z'));
  const stamp = '2024-03-01T00:00:00.000Z';
  const emails: string[] = [];
  const row = (i: number) => {
    const email = `reader${String(i).padStart(5, '0')}@${options.domain ?? 'example.org'}`;
    const unmatched = i >= count;
    if (!unmatched) emails.push(email);
    return {
      public_id: randomBytes(12).toString('base64url'),
      email,
      status: 'confirmed',
      topics: JSON.stringify(unmatched ? ['sea cucumber husbandry'] : topicSets[i % topicSets.length]),
      exclude: '[]',
      breadth: 'broad',
      max_papers: 5,
      frequency: 'daily',
      weekday: null,
      hour: 7,
      timezone: 'UTC',
      created_at: stamp,
      updated_at: stamp,
      confirmed_at: stamp,
      unsubscribed_at: null,
      last_issue_at: null,
      next_due_at: null,
    };
  };
  // Built 100 at a time, so seeding a million subscribers does not hold them all (benchmarks read peak RSS).
  const total = count + (options.unmatched ?? 0);
  for (let i = 0; i < total; i += 100) {
    await store.db
      .insertInto('subscribers')
      .values(Array.from({ length: Math.min(100, total - i) }, (_, j) => row(i + j)))
      .execute();
  }
  return emails;
}

/** The newsletter's identity in tests and benches; a child process reads it from its env. */
export const testConfigEnv: Record<string, string> = {
  NODE_ENV: 'test',
  PUBLIC_URL: 'https://paperboy.example.org',
  SECRET: 'test-secret-with-enough-length',
  MAIL_FROM: 'Paperboy <paperboy@paperboy.example.org>',
  MAIL_REPLY_TO: 'editor@paperboy.example.org',
  UNSUBSCRIBE_MAILTO: 'unsubscribe@paperboy.example.org',
  LIST_ID: 'daily.paperboy.example.org',
};

export function createTestConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...testConfigEnv,
    SMTP_POOL_SIZE: '5',
    RETRY_BASE_SECONDS: '0',
    MAX_ATTEMPTS: '30',
    LEASE_SECONDS: '30',
    ...overrides,
  });
}

export interface ReceivedMessage {
  recipients: string[];
  raw?: Buffer;
}

/** What the fake relay does at one step; `undefined` accepts. */
export type SinkVerdict = { code: number; message: string } | 'drop' | undefined;

export interface SinkOptions {
  keepRaw?: boolean;
  /** Decide the reply to RCPT TO. */
  onRecipient?: (address: string) => SinkVerdict;
  /** Decide the reply after the message data has been read in full (a refusal means it was not delivered). */
  onMessage?: (recipients: string[]) => SinkVerdict;
  /** Wait before accepting each message, like a real relay's latency. */
  delayMs?: number;
}

/** A real SMTP server on a free port that records every message it accepts. */
export interface SmtpSink {
  url: string;
  messages: ReceivedMessage[];
  /** Accepted messages per recipient address. */
  countByRecipient(): Map<string, number>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMessage[] = [];
  const sockets = new Map<number, Socket>();
  const dropConnection = (session: SMTPServerSession) => {
    sockets.get(session.remotePort)?.destroy();
  };
  const reply = (
    verdict: SinkVerdict,
    session: SMTPServerSession,
    callback: (err?: Error | null) => void,
  ) => {
    if (verdict === 'drop') return dropConnection(session);
    if (verdict) return callback(Object.assign(new Error(verdict.message), { responseCode: verdict.code }));
    callback();
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 200,
    onRcptTo(address, session, callback) {
      reply(options.onRecipient?.(address.address), session, callback);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (options.keepRaw) chunks.push(chunk);
      });
      stream.on('end', () => {
        const recipients = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
        const verdict = options.onMessage?.(recipients);
        const accept = () => {
          if (verdict === undefined) {
            messages.push({ recipients, ...(options.keepRaw ? { raw: Buffer.concat(chunks) } : {}) });
          }
          reply(verdict, session, callback);
        };
        if (options.delayMs) setTimeout(accept, options.delayMs);
        else accept();
      });
    },
  });
  // Killed clients reset their connections: that is the scenario under test, not a failure.
  server.on('error', () => {});
  server.server.on('connection', (socket: Socket) => {
    if (socket.remotePort) sockets.set(socket.remotePort, socket);
    socket.on('close', () => {
      if (socket.remotePort) sockets.delete(socket.remotePort);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    countByRecipient() {
      const counts = new Map<string, number>();
      for (const m of messages) for (const r of m.recipients) counts.set(r, (counts.get(r) ?? 0) + 1);
      return counts;
    },
    close: () => {
      for (const socket of sockets.values()) socket.destroy();
      return new Promise<void>((done) => server.close(() => done()));
    },
  };
}

export type CliProcess = PaperboyProcess;

/** `paperboy` as a child process with quiet logs and test settings. */
export function spawnPaperboy(args: string[], env: Record<string, string>): CliProcess {
  return spawnPaperboyProcess(args, { NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
}

export { waitFor };
