import cron from 'node-cron';
import { z } from 'zod';
import { AppError } from '../errors/index.ts';
import { examplePostalAddress } from './list-default-warnings.ts';
import { isLocalUrl, isLoopbackHost } from './local-address.ts';
import { parseSourcesSetting } from './source-spec.ts';

/**
 * The SECRET used when none is set. It is in this repository for anyone to read, so it may sign links
 * only while nobody but this machine can reach the app and follow its links.
 */
export const developmentSecret = 'development-only-secret-do-not-use-in-production';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** `Paperboy <paperboy@example.org>` → `paperboy@example.org`. */
function addressOf(mailbox: string): string {
  return (/<([^<>\s]+)>/.exec(mailbox)?.[1] ?? mailbox).trim();
}

/** Every environment variable Paperboy reads. `.env.example` documents each one. */
export const Config = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string().min(1).default('data/paperboy.db'),
    DIGESTS_DIR: z.string().min(1).default('seeds'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: intIn(0, 65535).default(8080),
    PUBLIC_URL: z.url().optional(),
    SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** The SECRET before the last rotation: links it signed are still accepted while it is set. */
    SECRET_PREVIOUS: z.string().min(16, 'must be at least 16 characters').optional(),
    ADMIN_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
    /** Who ADMIN_TOKEN stands for in the audit trail of /admin actions. */
    ADMIN_LABEL: z
      .string()
      .regex(/^[\w.@+-]{1,64}$/, 'must be 1–64 letters, digits or . _ @ + -')
      .default('admin'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    NEWSLETTER_NAME: z.string().min(1).default('Paperboy'),
    MAIL_FROM: z.string().min(3).default('Paperboy <paperboy@localhost>'),
    MAIL_REPLY_TO: z.string().min(3).optional(),
    UNSUBSCRIBE_MAILTO: z.email().optional(),
    LIST_ID: z.string().min(3).default('daily.paperboy.localhost'),
    POSTAL_ADDRESS: z.string().min(1).default(examplePostalAddress),
    /** An image for the header band of every email (about 40 px high is shown). */
    LOGO_URL: httpUrl.optional(),
    /** The header band's colour; with LOGO_URL or alone it turns the band on. */
    BRAND_COLOR: z
      .string()
      .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as #a8201a')
      .optional(),

    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    SMTP_POOL_SIZE: intIn(1, 100).default(5),
    SEND_RATE: z.coerce.number().min(0).default(0),
    MAX_ATTEMPTS: intIn(1, 100).default(8),
    RETRY_BASE_SECONDS: z.coerce.number().min(0).default(60),
    MAX_CONSECUTIVE_ERRORS: intIn(1, 1_000_000).default(50),
    LEASE_SECONDS: intIn(5, 86_400).default(300),
    DKIM_DOMAIN: z.string().min(1).optional(),
    DKIM_SELECTOR: z.string().min(1).optional(),
    DKIM_PRIVATE_KEY: z.string().min(1).optional(),

    DEVMAIL_PORT: intIn(0, 65535).default(2525),
    SEND_EMPTY: bool.default(false),
    MAX_CATCHUP_HOURS: z.coerce.number().min(0).default(24),
    CONFIRM_TOKEN_DAYS: z.coerce.number().min(0.001).default(7),
    /** Subscribe form posts allowed per client IP per hour (429 beyond). */
    SUBSCRIBE_IP_LIMIT: intIn(1, 100_000).default(20),
    /** Confirmation emails per address per 24 hours, so the form cannot mail-bomb anyone. */
    CONFIRM_EMAILS_PER_DAY: intIn(1, 100).default(3),
    /** Take the client IP from X-Forwarded-For; only behind a reverse proxy that sets it. */
    TRUST_PROXY: bool.default(false),

    /** Where the daily papers come from: `hf-daily`, `arxiv:<cats>`, `feed:<url>`; unset = no fetching. */
    SOURCES: z
      .string()
      .default('')
      .transform((text, ctx) => {
        const { sources, problems } = parseSourcesSetting(text);
        for (const message of problems) ctx.addIssue({ code: 'custom', message });
        return sources;
      }),
    HF_DAILY_URL: httpUrl.default('https://huggingface.co/api/daily_papers'),
    ARXIV_API_URL: httpUrl.default('https://export.arxiv.org/api/query'),
    /** When the daemon fetches (UTC): after arXiv's 20:00 New York announcement and the end of HF's UTC day. */
    FETCH_CRON: z
      .string()
      .default('30 3 * * *')
      .superRefine((expression, ctx) => {
        const check = cron.validateDetailed(expression);
        if (!check.valid) {
          const why = check.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
          ctx.addIssue({ code: 'custom', message: `not a cron expression (${why || 'unreadable'})` });
        }
      }),
    /** The contact in the User-Agent of every fetch; default: the address of MAIL_FROM. */
    FETCH_CONTACT: z.email().optional(),
    FETCH_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(30),
    FETCH_DEADLINE_SECONDS: z.coerce.number().min(1).max(3600).default(180),
    FETCH_MAX_MB: z.coerce.number().min(0.001).max(1024).default(20),
  })
  .transform((c) => ({
    ...c,
    PUBLIC_URL: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
    // Development gets a fixed, clearly-marked secret so links survive restarts; production refuses to start without one.
    SECRET: c.SECRET ?? developmentSecret,
    FETCH_CONTACT: c.FETCH_CONTACT ?? addressOf(c.MAIL_FROM),
  }));

export type Config = z.infer<typeof Config>;

/** Validates the environment; reports every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in .env files mean "unset", not "the empty value".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = Config.safeParse(cleaned);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`)),
    ...crossFieldProblems(cleaned),
  ];
  if (result.success && problems.length === 0) return result.data;
  throw new AppError('CONFIG_INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`, {
    details: { problems },
  });
}

/** Rules that span variables; checked on the raw values so they are reported together with every other problem. */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && (!env.SECRET || env.SECRET === developmentSecret))
    problems.push('SECRET: is required when NODE_ENV=production');
  problems.push(...unsafeSecretProblems(env));
  const dkim = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY].filter(Boolean).length;
  if (dkim !== 0 && dkim !== 3) {
    problems.push('DKIM_DOMAIN: DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY must be set together');
  }
  const contact = env.FETCH_CONTACT ?? addressOf(env.MAIL_FROM ?? 'paperboy@localhost');
  if (env.NODE_ENV === 'production' && env.SOURCES?.trim() && /@localhost$/i.test(contact)) {
    problems.push(
      'FETCH_CONTACT: is required when NODE_ENV=production and SOURCES is set (arXiv asks API clients for a contact address; MAIL_FROM is still @localhost)',
    );
  }
  return problems;
}

/**
 * The development secret is published, so anyone could forge confirm, preferences and unsubscribe
 * links with it. It is refused as soon as the app listens beyond this machine or mails links that
 * point elsewhere, whatever NODE_ENV says.
 */
function unsafeSecretProblems(env: Record<string, string | undefined>): string[] {
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = env.PUBLIC_URL ?? 'http://localhost';
  const exposure = [
    isLoopbackHost(host) ? '' : `HOST is ${host}, not a loopback address`,
    isLocalUrl(publicUrl) ? '' : `PUBLIC_URL is ${publicUrl}, not localhost`,
  ].filter(Boolean);
  if (exposure.length === 0) return [];
  const why = `${exposure.join(' and ')}; the development secret is published, so anyone could forge confirm, preferences and unsubscribe links`;
  const problems: string[] = [];
  if (!env.SECRET || env.SECRET === developmentSecret)
    problems.push(`SECRET: set a long random value (openssl rand -base64 32): ${why}`);
  if (env.SECRET_PREVIOUS === developmentSecret)
    problems.push(`SECRET_PREVIOUS: must not be the development secret: ${why}`);
  return problems;
}
