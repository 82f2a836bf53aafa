import { clipText } from '../errors/index.ts';
import type { ChangeSource, SignupRequest } from '../store/index.ts';
import { requestSubscription } from './request-subscription.ts';
import type { SubscribeForm } from './subscriber-form.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

export interface SignupQueueOptions {
  /** Work through the queue right after each request (default); false leaves it to `drain()`. */
  drainOnEnqueue?: boolean;
  /** Attempts before a request whose email keeps failing is given up (default 8). */
  maxAttempts?: number;
  /** First retry delay; it doubles per attempt, up to six hours (default one minute). */
  retryBaseMs?: number;
  /** How long a claimed request is reserved for the process that claimed it (default five minutes). */
  leaseMs?: number;
  /** How long finished requests are kept before they are deleted (default seven days). */
  keepFinishedMs?: number;
}

export interface SignupQueue {
  /**
   * Records a sign-up request: one insert, the same for every address, and nothing else. Whether
   * the address is known, suppressed or over its daily limit is decided later, off the request.
   */
  enqueue(form: SubscribeForm, source: ChangeSource): Promise<void>;
  /** Processes every due request (at most one drain runs at a time); returns how many were processed. */
  drain(): Promise<number>;
  /** `drain()` in the background; problems are logged. */
  kick(): void;
  /** Resolves when no drain is running. */
  idle(): Promise<void>;
}

type StoredProfile = Omit<SubscribeForm, 'email'>;

const batchSize = 20;
const maxRetryMs = 6 * 3_600_000;

/**
 * The sign-up queue. POST /subscribe only appends a request, so its answer takes the same time
 * for a new, a known, a suppressed or a rate-limited address (no SMTP round trip for some and not
 * for others). The process that serves the web app works through the queue at once: it applies the
 * double opt-in rules (`requestSubscription`) and mails the confirmation. A request whose email
 * fails is retried with backoff; one left `sending` by a process that died is taken over when its
 * lease ends, so a crash loses no sign-up.
 *
 * @example
 * const signups = createSignupQueue(deps);
 * await signups.enqueue(form, 'web');
 */
export function createSignupQueue(deps: SubscriptionDeps, options: SignupQueueOptions = {}): SignupQueue {
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 300_000;
  const keepFinishedMs = options.keepFinishedMs ?? 7 * 86_400_000;
  const { signups } = deps.store;
  let running: Promise<number> | undefined;
  let again = false;

  async function processRequest(request: SignupRequest): Promise<void> {
    const profile = request.profile as StoredProfile;
    try {
      const outcome = await requestSubscription(
        deps,
        { ...profile, email: request.email },
        request.source as ChangeSource,
      );
      await signups.finish(request.id, outcome, deps.clock());
      // Logged without the address: the log must not become an enumeration oracle either.
      deps.logger?.info({ event: 'subscribe.processed', outcome }, 'sign-up request processed');
    } catch (error) {
      const message = clipText((error as Error).message ?? String(error), 1000);
      const now = deps.clock();
      if (request.attempts >= maxAttempts) {
        await signups.fail(request.id, message, now);
        deps.logger?.error(
          { event: 'subscribe.failed', request: request.id, attempts: request.attempts, err: error },
          'sign-up request given up',
        );
        return;
      }
      const delay = Math.min(retryBaseMs * 2 ** (request.attempts - 1), maxRetryMs);
      await signups.retry(request.id, message, new Date(now.getTime() + delay));
      deps.logger?.warn(
        { event: 'subscribe.deferred', request: request.id, attempts: request.attempts, err: error },
        'sign-up request will be retried',
      );
    }
  }

  async function drainAll(): Promise<number> {
    let processed = 0;
    do {
      again = false;
      await signups.purgeFinished(new Date(deps.clock().getTime() - keepFinishedMs));
      for (;;) {
        const batch = await signups.claimDue(deps.clock(), leaseMs, batchSize);
        if (batch.length === 0) break;
        for (const request of batch) await processRequest(request);
        processed += batch.length;
      }
    } while (again);
    return processed;
  }

  const queue: SignupQueue = {
    async enqueue(form, source) {
      const { email, ...profile } = form;
      await signups.enqueue({ email, profile, source, now: deps.clock() });
      if (options.drainOnEnqueue !== false) queue.kick();
    },
    drain() {
      if (running) {
        // A request that arrived during this drain may have been missed by its last claim: go round once more.
        again = true;
        return running;
      }
      running = drainAll().finally(() => {
        running = undefined;
      });
      return running;
    },
    kick() {
      queue.drain().catch((error) => {
        deps.logger?.error({ event: 'subscribe.queue_failed', err: error }, 'sign-up queue failed');
      });
    },
    async idle() {
      while (running) await running.catch(() => {});
    },
  };
  return queue;
}
