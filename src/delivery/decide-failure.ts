import type { Recipient } from '../store/index.ts';
import type { SmtpFailure } from './classify-smtp-error.ts';

/** What a send run remembers between failures. */
export interface FailureState {
  /** Errors in a row, not counting refusals of one bad address; a sent message resets it. */
  consecutiveErrors: number;
  paused: boolean;
}

export interface FailureLimits {
  /** MAX_ATTEMPTS: a temporary failure on this attempt or later is final. */
  maxAttempts: number;
  /** MAX_CONSECUTIVE_ERRORS: the run pauses after this many errors in a row. */
  maxConsecutiveErrors: number;
}

export interface FailureDecision {
  /** `failed` is final (its papers go back to the pool); `deferred` is retried after a delay. */
  outcome: 'failed' | 'deferred';
  /** What the ledger records as the delivery's last response. */
  response: string;
  /** Add the address to the suppression list (550/551/553 on RCPT TO). */
  suppress: boolean;
  /** True when this failure is the one that pauses the run. */
  pause: boolean;
  next: FailureState;
}

/**
 * Retry, fail or pause: what one failed attempt means for its delivery and for the run. Pure, so
 * every combination is a row in a table test; the send loop only carries the decision out.
 *
 * @example
 * decideFailure({ outcome: 'deferred', suppress: false, recipientOnly: false, response: '421 busy' }, 8,
 *   { consecutiveErrors: 0, paused: false }, { maxAttempts: 8, maxConsecutiveErrors: 50 });
 * // { outcome: 'failed', response: 'gave up after 8 attempts: 421 busy', suppress: false, pause: false, … }
 */
export function decideFailure(
  failure: SmtpFailure,
  attempts: number,
  state: FailureState,
  limits: FailureLimits,
): FailureDecision {
  const final = failure.outcome === 'failed' || attempts >= limits.maxAttempts;
  const response =
    final && failure.outcome !== 'failed'
      ? `gave up after ${attempts} attempts: ${failure.response}`
      : failure.response;
  // A bad address says nothing about the relay; anything else in a long run means the relay is in trouble.
  const consecutiveErrors = state.consecutiveErrors + (failure.recipientOnly ? 0 : 1);
  const pause = !state.paused && !failure.recipientOnly && consecutiveErrors >= limits.maxConsecutiveErrors;
  return {
    outcome: final ? 'failed' : 'deferred',
    response,
    suppress: final && failure.suppress,
    pause,
    next: { consecutiveErrors, paused: state.paused || pause },
  };
}

/**
 * Why a claimed delivery is skipped instead of sent, judged on the subscriber as read at send time
 * (they may have left since the edition was frozen); undefined when it should go out.
 */
export function findSkipReason(recipient: Recipient | undefined): string | undefined {
  if (!recipient) return 'subscriber removed';
  if (recipient.suppressed) return 'suppressed';
  return recipient.status === 'confirmed' ? undefined : recipient.status;
}
