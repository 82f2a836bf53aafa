import type { Hono, MiddlewareHandler } from 'hono';
import type { Config } from '../config/index.ts';
import type { Mailer } from '../mail/index.ts';
import type { CompiledTemplates } from '../render/index.ts';
import type { Store } from '../store/index.ts';
import {
  createSignupQueue,
  type EventLogger,
  type SignupQueue,
  type SubscriptionDeps,
  silentLogger,
} from '../subscribers/index.ts';
import type { CsrfOptions } from './csrf-protection.ts';
import { createSampleIssueSource, type SampleIssueSource } from './sample-issue.ts';

export interface WebAppDeps {
  store: Store;
  mailer: Mailer;
  templates: CompiledTemplates;
  config: Config;
  clock?: () => Date;
  logger?: EventLogger;
  /**
   * The sign-up queue POST /subscribe appends to. The composition root passes its own, drains it on
   * a timer too (retries, requests left by a crash) and waits for it on shutdown; without one the app
   * makes a queue that is drained right after each request.
   */
  signups?: SignupQueue;
  /**
   * Mounts more routes (the mail catcher's `/outbox`) after the built-in ones and before the 404
   * handler; they get the security headers, CSRF check and error pages too. `adminGuard` protects
   * operator pages the way /preview is protected (ADMIN_TOKEN, or localhost in development).
   */
  extraRoutes?: (app: Hono, tools: { adminGuard: MiddlewareHandler }) => void;
}

/** What every route module of the web app shares, built once from the app's dependencies. */
export interface WebContext {
  store: Store;
  templates: CompiledTemplates;
  config: Config;
  clock: () => Date;
  logger: EventLogger;
  /** The subscription rules' dependencies (store, mailer, templates, config, clock, logger). */
  subscription: SubscriptionDeps;
  signups: SignupQueue;
  csrf: CsrfOptions;
  newsletterName: string;
  /** Samples of an issue for given topics (the sign-up page and /api/sample share its cached index). */
  samples: SampleIssueSource;
}

export function createWebContext(deps: WebAppDeps): WebContext {
  const { config } = deps;
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  const subscription: SubscriptionDeps = { ...deps, clock, logger };
  return {
    store: deps.store,
    templates: deps.templates,
    config,
    clock,
    logger,
    subscription,
    signups: deps.signups ?? createSignupQueue(subscription),
    csrf: {
      secret: config.SECRET,
      publicOrigin: new URL(config.PUBLIC_URL).origin,
      secureCookie: config.PUBLIC_URL.startsWith('https://'),
    },
    newsletterName: config.NEWSLETTER_NAME,
    samples: createSampleIssueSource(deps.store, clock),
  };
}
