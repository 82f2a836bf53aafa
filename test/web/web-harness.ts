import type { Hono } from 'hono';
import type { ParsedMail } from 'mailparser';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { SmtpMailer } from '../../src/mail/index.ts';
import { type CompiledTemplates, loadTemplates } from '../../src/render/index.ts';
import type { Store } from '../../src/store/index.ts';
import { createSignupQueue, type SignupQueue } from '../../src/subscribers/index.ts';
import { createWebApp, type WebAppDeps } from '../../src/web/index.ts';
import { ingestSampleDigest } from '../helpers/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-store.ts';
import { startTestInbox, type TestInbox } from './test-inbox.ts';

export const testSecret = 'test-secret-0123456789abcdef';
export const publicUrl = 'http://paperboy.test';

let templates: Promise<CompiledTemplates> | undefined;

/** MJML compilation takes a while; every test in a worker shares one compiled set. */
export function loadTestTemplates(): Promise<CompiledTemplates> {
  templates ??= loadTemplates();
  return templates;
}

export interface WebHarness {
  app: Hono;
  store: Store;
  inbox: TestInbox;
  config: Config;
  /** The sign-up queue behind POST /subscribe. */
  signups: SignupQueue;
  /** The app's clock; tests move it forward with `advance`. */
  clock: { now: Date; advance(ms: number): void };
  /** GETs a page with a form and returns what a browser would send back: the cookie and the `_csrf` value. */
  openForm(path: string): Promise<{ cookie: string; csrf: string; html: string }>;
  /** POSTs urlencoded fields; `remoteAddress` plays the client IP. */
  post(
    path: string,
    fields: Record<string, string>,
    options?: { cookie?: string; headers?: Record<string, string>; remoteAddress?: string },
  ): Promise<Response>;
  get(
    path: string,
    options?: { headers?: Record<string, string>; remoteAddress?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** The seed digest (63 papers) as the digest of 2025-03-11. */
export async function ingestSample(store: Store, now: Date): Promise<void> {
  await ingestSampleDigest(store, '2025-03-11', now);
}

/** A client connection as @hono/node-server passes it, so IP-based rules see an address. */
export function connectionFrom(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress } } };
}

/**
 * The web app on a real store (SQLite, or PostgreSQL when one answers) that mails through a
 * real SMTP server, with the sample digest ingested as the edition of 2025-03-11.
 */
export async function createWebHarness(
  options: {
    backend?: 'sqlite' | 'postgres';
    env?: Record<string, string>;
    ingest?: boolean;
    extra?: Partial<WebAppDeps>;
    /** false: POST /subscribe only queues; the test calls `signups.drain()` itself. */
    drainOnEnqueue?: boolean;
  } = {},
): Promise<WebHarness> {
  const database: TestDatabase = createTestDatabase(options.backend ?? 'sqlite');
  const store = await database.open();
  const inbox = await startTestInbox();
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: publicUrl,
    SECRET: testSecret,
    ADMIN_TOKEN: 'admin-token-123',
    SMTP_URL: inbox.url,
    MAIL_FROM: 'Paperboy <news@paperboy.test>',
    ...options.env,
  });
  const clock = {
    now: new Date('2025-03-11T09:00:00Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  if (options.ingest !== false) await ingestSample(store, clock.now);
  const mailer = options.extra?.mailer ?? new SmtpMailer({ url: inbox.url, poolSize: 1 });
  const templates = await loadTestTemplates();
  const signups =
    options.extra?.signups ??
    createSignupQueue(
      { store, mailer, templates, config, clock: () => clock.now },
      { drainOnEnqueue: options.drainOnEnqueue ?? true },
    );
  const app = createWebApp({
    store,
    mailer,
    templates,
    config,
    clock: () => clock.now,
    ...options.extra,
    signups,
  });

  const request = async (path: string, init: RequestInit, remoteAddress = '203.0.113.7') =>
    app.request(path, init, connectionFrom(remoteAddress));

  return {
    app,
    store,
    inbox,
    config,
    signups,
    clock,
    async openForm(path) {
      const response = await request(path, {});
      const html = await response.text();
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
      return { cookie, csrf, html };
    },
    post(path, fields, postOptions = {}) {
      return request(
        path,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(postOptions.cookie ? { cookie: postOptions.cookie } : {}),
            ...postOptions.headers,
          },
          body: new URLSearchParams(fields).toString(),
        },
        postOptions.remoteAddress,
      );
    },
    get(path, getOptions = {}) {
      return request(path, { headers: getOptions.headers ?? {} }, getOptions.remoteAddress);
    },
    async close() {
      await signups.idle();
      await mailer.close();
      await inbox.close();
      await store.close();
      await database.destroy();
    },
  };
}

/** The path (with token) of the first link in a text that starts with `${publicUrl}${prefix}`. */
export function findLink(text: string, prefix: string): string {
  const match = new RegExp(`${publicUrl.replace(/\./g, '\\.')}(${prefix}[^\\s"'<>]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${prefix} link in:\n${text}`);
  return match[1];
}

/** A header as sent, unfolded: mailparser turns List-* headers into objects. */
export function rawHeader(mail: ParsedMail | undefined, name: string): string | undefined {
  const line = mail?.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim();
}

/** The first URL in a text that starts with `prefix` (links in plain-text emails end at whitespace). */
export function findLinkIn(text: string, prefix: string): string {
  const start = text.indexOf(prefix);
  if (start === -1) throw new Error(`no ${prefix} link in:\n${text}`);
  return /^\S+/.exec(text.slice(start))?.[0] ?? '';
}
