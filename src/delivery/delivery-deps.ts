import type { Config } from '../config/index.ts';
import type { Mailer } from '../mail/index.ts';
import type { CompiledTemplates } from '../render/index.ts';
import type { Store } from '../store/index.ts';
import type { IssueRenderer } from './render-pool.ts';

/** Structured log events; a pino logger fits as is. */
export interface DeliveryLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Everything the send engine uses, passed in by the caller (CLI, scheduler, tests). */
export interface DeliveryDeps {
  store: Store;
  mailer: Mailer;
  config: Config;
  /** The time for ledger timestamps and due checks; waiting for rate slots uses the real clock. */
  clock: () => Date;
  templates: CompiledTemplates;
  /**
   * Render threads (`createRenderPool`) for large runs; they load the default templates, so pass one
   * only when `templates` are those. Without it, or for a small run, issues render on this thread.
   */
  renderer?: IssueRenderer;
  logger?: DeliveryLogger;
}
