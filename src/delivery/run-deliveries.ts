import { getMaxListeners, setMaxListeners } from 'node:events';
import { setTimeout as wait } from 'node:timers/promises';
import type { Paper } from '../digest/index.ts';
import { AppError } from '../errors/index.ts';
import type { ClaimedDelivery, Recipient } from '../store/index.ts';
import { buildIssueMessage } from './build-issue-message.ts';
import { classifySmtpError, type SmtpFailure } from './classify-smtp-error.ts';
import { computeRetryDelay } from './compute-retry-delay.ts';
import type { DeliveryDeps } from './delivery-deps.ts';
import { createLeaseOwner, isLeaseOwnerGone } from './lease-owner.ts';
import { createSendSummary, type SendSummary } from './send-summary.ts';
import { thawPapers } from './thaw-papers.ts';

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

interface Job extends ClaimedDelivery {
  /** Epoch ms of this message's slot in the shared SEND_RATE schedule. */
  slotAt: number;
}

const rateLimitName = 'send';
const leaseSweepIntervalMs = 1000;
const maxCachedPapers = 10_000;

/**
 * Claims due deliveries in small leased batches and sends them over the mailer, with at most
 * 2 × SMTP_POOL_SIZE messages in flight so memory stays flat. Every outcome is written to the ledger
 * as soon as it is known: a message the server accepted is marked sent before the next is claimed.
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
  const rateIntervalMs = config.SEND_RATE > 0 ? 1000 / config.SEND_RATE : 0;

  let subscriberId: number | undefined;
  if (options.only !== undefined) {
    const subscriber = await store.subscribers.findByEmail(options.only);
    if (!subscriber) throw new AppError('NOT_FOUND', `no subscriber with the address ${options.only}`);
    subscriberId = subscriber.id;
  }

  const buffer: Job[] = [];
  const unsent: Job[] = [];
  const recipients = new Map<number, Recipient>();
  const papers = new Map<string, Paper>();
  const editionDates = new Map<number, string>();
  // Deliveries this run deferred: a retry within the same run replaces the deferral in the counts.
  const deferredHere = new Set<number>();
  let claimed = 0;
  let inFlight = 0;
  const sendSlots = createSemaphore(config.SMTP_POOL_SIZE);
  /** Deliveries finished so far; lets a lane tell that the ledger changed while it was claiming. */
  let settled = 0;
  let consecutiveErrors = 0;
  let lastLeaseSweep = 0;
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

  /** Leases of crashed processes on this machine end now rather than after LEASE_SECONDS. */
  async function expireDeadLeases(): Promise<number> {
    if (Date.now() - lastLeaseSweep < leaseSweepIntervalMs) return 0;
    lastLeaseSweep = Date.now();
    let expired = 0;
    for (const other of await repo.listLeaseOwners()) {
      if (other !== owner && isLeaseOwnerGone(other)) expired += await repo.expireLeases(other, clock());
    }
    return expired;
  }

  async function claimBatch(): Promise<number> {
    const want = Math.min(lanes, limit - claimed);
    if (want <= 0) return 0;
    const claim = () =>
      repo.claimDeliveries({
        owner,
        limit: want,
        now: clock(),
        leaseSeconds: config.LEASE_SECONDS,
        ...(subscriberId !== undefined ? { subscriberId } : {}),
      });
    let batch = await claim();
    if (batch.length === 0 && (await expireDeadLeases()) > 0) batch = await claim();
    if (batch.length === 0) return 0;
    claimed += batch.length;
    await loadBatchContext(batch);
    const first =
      rateIntervalMs > 0
        ? await repo.reserveSendSlots(rateLimitName, batch.length, rateIntervalMs, Date.now())
        : 0;
    batch.forEach((delivery, i) => {
      if (delivery.expiredLease) summary.expiredLeases++;
      buffer.push({ ...delivery, slotAt: first + i * rateIntervalMs });
    });
    return batch.length;
  }

  async function loadBatchContext(batch: ClaimedDelivery[]): Promise<void> {
    // Read subscribers fresh: someone may have unsubscribed since the edition was frozen.
    for (const [id, recipient] of await repo.listRecipients(batch.map((d) => d.subscriberId))) {
      recipients.set(id, recipient);
    }
    const missingPapers = [...new Set(batch.flatMap((d) => d.papers.map((p) => p.id)))].filter(
      (id) => !papers.has(id),
    );
    if (papers.size + missingPapers.length > maxCachedPapers) papers.clear();
    for (const paper of await repo.listPapersByIds(missingPapers)) papers.set(paper.id, paper);
    for (const editionId of new Set(batch.map((d) => d.editionId))) {
      if (!editionDates.has(editionId)) {
        const date = await repo.findEditionDate(editionId);
        if (date) editionDates.set(editionId, date);
      }
    }
  }

  async function takeJob(): Promise<Job | undefined> {
    for (;;) {
      if (halted()) return undefined;
      const job = buffer.shift();
      if (job) return job;
      const settledBefore = settled;
      refilling ??= claimBatch().finally(() => {
        refilling = undefined;
      });
      if ((await refilling) > 0 || buffer.length > 0) continue;
      if (claimed >= limit) return undefined;
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

  async function deliver(job: Job): Promise<void> {
    const wait = job.slotAt - Date.now();
    if (wait > 0) await sleep(wait, signal);
    if (halted()) {
      unsent.push(job);
      return;
    }
    if (deferredHere.delete(job.id)) summary.deferred--;
    const recipient = recipients.get(job.subscriberId);
    recipients.delete(job.subscriberId);
    const skipReason = !recipient
      ? 'subscriber removed'
      : recipient.suppressed
        ? 'suppressed'
        : recipient.status !== 'confirmed'
          ? recipient.status
          : undefined;
    if (!recipient || skipReason) {
      await repo.markSkipped(job.id, owner, skipReason ?? 'subscriber removed', clock());
      summary.skipped++;
      return;
    }
    let message: ReturnType<typeof buildIssueMessage>;
    try {
      message = buildIssueMessage({
        config,
        templates: deps.templates,
        recipient,
        date: editionDates.get(job.editionId) ?? '',
        papers: thawPapers(job.papers, papers),
        messageId: job.messageId,
        now: clock(),
      });
    } catch (error) {
      const reason = `render failed: ${error instanceof Error ? error.message : String(error)}`;
      await recordFailure(job, recipient, {
        outcome: 'failed',
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
      await repo.markSent(job.id, response, clock());
      summary.sent++;
      consecutiveErrors = 0;
    } finally {
      release();
    }
  }

  async function recordFailure(job: Job, recipient: Recipient, failure: SmtpFailure): Promise<void> {
    const now = clock();
    if (failure.outcome === 'failed' || job.attempts >= config.MAX_ATTEMPTS) {
      const reason =
        failure.outcome === 'failed'
          ? failure.response
          : `gave up after ${job.attempts} attempts: ${failure.response}`;
      await repo.markFailed(job.id, owner, reason, now);
      summary.failed++;
      if (failure.suppress) {
        await store.subscribers.suppress(recipient.email, failure.response, 'bounce', now);
        summary.suppressed++;
      }
    } else {
      const retryAt = new Date(now.getTime() + computeRetryDelay(job.attempts, config.RETRY_BASE_SECONDS));
      await repo.markDeferred(job.id, owner, failure.response, retryAt, now);
      summary.deferred++;
      deferredHere.add(job.id);
    }
    logger?.warn(
      { event: 'delivery.failed', deliveryId: job.id, outcome: failure.outcome, response: failure.response },
      `delivery to ${recipient.email} ${failure.outcome}`,
    );
    // A bad address says nothing about the relay; anything else in a long run means the relay is in trouble.
    if (failure.recipientOnly) return;
    consecutiveErrors++;
    if (consecutiveErrors >= config.MAX_CONSECUTIVE_ERRORS && !summary.paused) {
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
    await expireDeadLeases();
    await Promise.all(Array.from({ length: lanes }, runLane));
  } finally {
    signal?.removeEventListener('abort', wakeLanes);
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

/** A timer that an abort cuts short, so SIGTERM never waits out a rate slot or an idle poll. */
async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await wait(ms, undefined, signal ? { signal } : {}).catch((error: unknown) => {
    if ((error as Error).name !== 'AbortError') throw error;
  });
}

/** A counting semaphore: `acquire` resolves with a release function once one of `size` slots is free. */
function createSemaphore(size: number) {
  let free = size;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else free++;
  };
  return {
    acquire(): Promise<() => void> {
      if (free > 0) {
        free--;
        return Promise.resolve(release);
      }
      return new Promise((resolve) => queue.push(() => resolve(release)));
    },
  };
}
