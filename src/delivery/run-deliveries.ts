import { getMaxListeners, setMaxListeners } from 'node:events';
import { AppError, isAppError } from '../errors/index.ts';
import type { RawMessage } from '../mail/index.ts';
import type { Recipient } from '../store/index.ts';
import { buildIssueRaw } from './build-issue-message.ts';
import { classifySmtpError, type SmtpFailure } from './classify-smtp-error.ts';
import { computeRetryDelay } from './compute-retry-delay.ts';
import { createClaimer, type SendJob } from './create-claimer.ts';
import { createSemaphore } from './create-semaphore.ts';
import { createSentRecorder } from './create-sent-recorder.ts';
import { decideFailure, type FailureState, findSkipReason } from './decide-failure.ts';
import type { DeliveryDeps } from './delivery-deps.ts';
import { createLeaseOwner } from './lease-owner.ts';
import { createSendContext } from './send-context.ts';
import { createSendSummary, type SendSummary } from './send-summary.ts';
import { sleep } from './sleep.ts';

export interface RunDeliveriesOptions {
  /** Stops claiming when fired; messages in flight finish and unsent claims are handed back. */
  signal?: AbortSignal;
  /** Claim at most this many deliveries. */
  limit?: number;
  /** Only the deliveries of this subscriber (email address). */
  only?: string;
  /** Keep polling for work until the signal fires (`paperboy worker`) instead of ending when idle. */
  follow?: boolean;
  /** Idle wait between polls in follow mode. */
  pollMs?: number;
  /** Called after every delivery with the running totals. */
  onProgress?: (summary: Readonly<SendSummary>) => void;
}

/** A run renders on `deps.renderer`'s threads from this many due deliveries on (always when following). */
const offThreadMinimum = 500;

/** Deliveries leased per claim when no SEND_RATE applies. */
const claimBatchSize = 50;

/**
 * Claims due deliveries in leased batches and sends them over the mailer, with at most
 * 2 × SMTP_POOL_SIZE messages in flight so memory stays flat. Each issue's MIME bytes are built once,
 * on `deps.renderer`'s threads in a large run. Every outcome is written to the ledger as soon as it
 * is known: a message the server accepted is marked sent (group-committed with the others that
 * finished at the same time) before its connection takes the next message.
 *
 * @example
 * const summary = await runDeliveries(deps, { signal: ctx.stopSignal, onProgress: draw });
 * console.log(formatSendSummary(summary));
 */
export async function runDeliveries(
  deps: DeliveryDeps,
  options: RunDeliveriesOptions = {},
): Promise<SendSummary> {
  const { store, mailer, config, clock, logger } = deps;
  const repo = store.deliveries;
  const signal = options.signal;
  const owner = createLeaseOwner();
  const summary = createSendSummary();
  const started = performance.now();
  const lanes = config.SMTP_POOL_SIZE * 2;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;

  let subscriberId: number | undefined;
  if (options.only !== undefined) {
    const subscriber = await store.subscribers.findByEmail(options.only);
    if (!subscriber) throw new AppError('NOT_FOUND', `no subscriber with the address ${options.only}`);
    subscriberId = subscriber.id;
  }

  // Render threads pay off once a run is large; starting them for a handful of messages would not.
  const { templates } = deps;
  const renderer =
    deps.renderer && (options.follow || (await repo.countDue(clock(), subscriberId)) >= offThreadMinimum)
      ? deps.renderer
      : undefined;

  const buffer: SendJob[] = [];
  const unsent: SendJob[] = [];
  const context = createSendContext(store);
  // Deliveries this run deferred: a retry within the same run replaces the deferral in the counts.
  const deferredHere = new Set<number>();
  let inFlight = 0;
  const sendSlots = createSemaphore(config.SMTP_POOL_SIZE);
  const sentRecorder = createSentRecorder(repo, clock);
  /** Deliveries finished so far; lets a lane tell that the ledger changed while it was claiming. */
  let settled = 0;
  let failures: FailureState = { consecutiveErrors: 0, paused: false };
  let fatal: unknown;
  let refilling: Promise<number> | undefined;
  const waiters: (() => void)[] = [];
  const wakeLanes = () => {
    for (const wake of waiters.splice(0)) wake();
  };
  // Every lane may sleep on the signal at once (a rate slot or an idle poll), plus our own listener.
  if (signal) setMaxListeners(Math.max(getMaxListeners(signal), lanes + 4), signal);
  signal?.addEventListener('abort', wakeLanes, { once: true });
  const halted = () => Boolean(signal?.aborted) || summary.paused || fatal !== undefined;

  const claimer = createClaimer({
    repo,
    owner,
    clock,
    config,
    // Larger claims mean fewer ledger round trips; under SEND_RATE a claim reserves its slots ahead,
    // so it stays at one message per lane there.
    batchSize: config.SEND_RATE > 0 ? lanes : Math.max(lanes, claimBatchSize),
    limit,
    ...(subscriberId !== undefined ? { subscriberId } : {}),
  });

  async function claimBatch(): Promise<number> {
    const batch = await claimer.claimBatch();
    if (batch.length === 0) return 0;
    await context.load(batch);
    for (const job of await claimer.scheduleBatch(batch)) {
      if (job.expiredLease) summary.expiredLeases++;
      buffer.push(job);
    }
    return batch.length;
  }

  /**
   * Claims the next batch while the lanes still have work, so that they do not all stand idle while
   * the ledger answers. Not under SEND_RATE, where a claim reserves send slots ahead. A failed claim
   * stops the run, as it does when a lane waits for it.
   */
  function claimAhead(): void {
    if (config.SEND_RATE > 0 || refilling || buffer.length >= lanes || claimer.reachedLimit() || halted())
      return;
    refill().catch((error: unknown) => {
      fatal ??= error;
    });
  }

  /** The one claim in progress, shared by every lane that needs work (started if none is). */
  function refill(): Promise<number> {
    refilling ??= claimBatch().finally(() => {
      refilling = undefined;
    });
    return refilling;
  }

  async function takeJob(): Promise<SendJob | undefined> {
    for (;;) {
      if (halted()) return undefined;
      const job = buffer.shift();
      if (job) {
        claimAhead();
        return job;
      }
      const settledBefore = settled;
      if ((await refill()) > 0 || buffer.length > 0) continue;
      if (claimer.reachedLimit()) return undefined;
      // A delivery finished while that (shared) claim ran: it may have been deferred with a retry that
      // is already due, which the claim could not see yet. Claim again rather than end the run early.
      if (settled !== settledBefore) continue;
      // Messages still in flight may be deferred with a retry time that is already due.
      if (inFlight > 0) {
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      if (!options.follow) return undefined;
      await sleep(options.pollMs ?? 1000, signal);
    }
  }

  async function deliver(job: SendJob): Promise<void> {
    const wait = job.slotAt - Date.now();
    if (wait > 0) await sleep(wait, signal);
    if (halted()) {
      unsent.push(job);
      return;
    }
    if (deferredHere.delete(job.id)) summary.deferred--;
    const recipient = context.takeRecipient(job.subscriberId);
    const skipReason = findSkipReason(recipient);
    if (!recipient || skipReason) {
      await repo.markSkipped(job.id, owner, skipReason ?? 'subscriber removed', clock());
      summary.skipped++;
      return;
    }
    let message: RawMessage;
    try {
      const issue = {
        recipient,
        date: context.editionDate(job.editionId),
        papers: context.papersOf(job),
        messageId: job.messageId,
        now: clock(),
      };
      message = renderer ? await renderer.build(issue) : await buildIssueRaw({ config, templates, ...issue });
    } catch (error) {
      const reason = `render failed: ${error instanceof Error ? error.message : String(error)}`;
      await recordFailure(job, recipient, {
        // A lost render thread says nothing about the issue: try again later.
        outcome: isAppError(error) && error.code === 'RENDER_THREAD_LOST' ? 'deferred' : 'failed',
        suppress: false,
        recipientOnly: false,
        response: reason,
      });
      return;
    }
    // At most one message per SMTP connection is between "handed to the server" and "recorded in the
    // ledger", so a SIGKILL can duplicate no more than SMTP_POOL_SIZE messages. Rendering above runs
    // ahead on the other lanes.
    const release = await sendSlots.acquire();
    try {
      let response: string;
      try {
        response = (await mailer.send(message)).response;
      } catch (error) {
        await recordFailure(job, recipient, classifySmtpError(error));
        return;
      }
      await sentRecorder.record(job.id, response);
      summary.sent++;
      failures = { ...failures, consecutiveErrors: 0 };
    } finally {
      release();
    }
  }

  async function recordFailure(job: SendJob, recipient: Recipient, failure: SmtpFailure): Promise<void> {
    const now = clock();
    const decision = decideFailure(failure, job.attempts, failures, {
      maxAttempts: config.MAX_ATTEMPTS,
      maxConsecutiveErrors: config.MAX_CONSECUTIVE_ERRORS,
    });
    failures = decision.next;
    if (decision.outcome === 'failed') {
      await repo.markFailed(job.id, owner, decision.response, now);
      summary.failed++;
      if (decision.suppress) {
        await store.subscribers.suppress(recipient.email, failure.response, 'bounce', now);
        summary.suppressed++;
      }
    } else {
      const retryAt = new Date(now.getTime() + computeRetryDelay(job.attempts, config.RETRY_BASE_SECONDS));
      await repo.markDeferred(job.id, owner, decision.response, retryAt, now);
      summary.deferred++;
      deferredHere.add(job.id);
    }
    logger?.warn(
      { event: 'delivery.failed', deliveryId: job.id, outcome: failure.outcome, response: failure.response },
      `delivery to ${recipient.email} ${failure.outcome}`,
    );
    if (decision.pause) {
      summary.paused = true;
      summary.pauseReason = failure.response;
      logger?.warn({ event: 'send.paused', response: failure.response }, 'send run paused');
    }
  }

  async function runLane(): Promise<void> {
    for (;;) {
      const job = await takeJob().catch((error: unknown) => {
        fatal ??= error;
        return undefined;
      });
      if (!job) return;
      inFlight++;
      try {
        await deliver(job);
      } catch (error) {
        fatal ??= error;
      } finally {
        inFlight--;
        settled++;
        wakeLanes();
        options.onProgress?.(summary);
      }
    }
  }

  try {
    await claimer.expireDeadLeases();
    await Promise.all(Array.from({ length: lanes }, runLane));
  } finally {
    signal?.removeEventListener('abort', wakeLanes);
    // A claim made ahead may still be running: its deliveries are handed back with the rest.
    await refilling?.catch(() => {});
    const release = [...buffer.splice(0), ...unsent];
    summary.expiredLeases -= release.filter((job) => job.expiredLease).length;
    if (release.length > 0) {
      await repo.releaseClaims(
        release.map((job) => job.id),
        owner,
        clock(),
      );
    }
    summary.stopped = Boolean(signal?.aborted);
    summary.elapsedMs = performance.now() - started;
  }
  if (fatal !== undefined) {
    throw new AppError('STORE_FAILED', `send run stopped: ${(fatal as Error).message ?? String(fatal)}`, {
      cause: fatal,
    });
  }
  return summary;
}
