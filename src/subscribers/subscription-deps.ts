import type { Config } from '../config/index.ts';
import type { Mailer } from '../mail/index.ts';
import type { CompiledTemplates } from '../render/index.ts';
import type { Store } from '../store/index.ts';

/** The settings the subscription rules read; a slice of `Config` so tests can pass a literal. */
export type SubscriptionSettings = Pick<
  Config,
  | 'PUBLIC_URL'
  | 'SECRET'
  | 'SECRET_PREVIOUS'
  | 'NEWSLETTER_NAME'
  | 'MAIL_FROM'
  | 'MAIL_REPLY_TO'
  | 'LIST_ID'
  | 'UNSUBSCRIBE_MAILTO'
  | 'POSTAL_ADDRESS'
  | 'BRAND_COLOR'
  | 'LOGO_URL'
  | 'CONFIRM_TOKEN_DAYS'
  | 'CONFIRM_EMAILS_PER_DAY'
>;

/** Structured log lines; a pino logger fits this shape. */
export interface EventLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Everything the subscribe / confirm / preferences / unsubscribe rules need, passed in. */
export interface SubscriptionDeps {
  store: Store;
  mailer: Mailer;
  templates: CompiledTemplates;
  config: SubscriptionSettings;
  clock: () => Date;
  logger?: EventLogger;
}

export const silentLogger: EventLogger = { info() {}, warn() {}, error() {} };
