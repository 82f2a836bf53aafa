/** What one send run did. Each delivery it touched is counted once, by its state at the end of the run. */
export interface SendSummary {
  sent: number;
  /** Still deferred at the end of the run (retried later). */
  deferred: number;
  failed: number;
  skipped: number;
  /** Failed with 550/551/553 on the recipient and added to the suppression list. */
  suppressed: number;
  /** Claims taken over from a process whose lease expired: resent, since their outcome was unknown. */
  expiredLeases: number;
  elapsedMs: number;
  /** Stopped after MAX_CONSECUTIVE_ERRORS errors in a row; `pauseReason` has the last reply. */
  paused: boolean;
  pauseReason?: string;
  /** Stopped by a signal (SIGTERM/SIGINT) after finishing the messages in flight. */
  stopped: boolean;
}

export function createSendSummary(): SendSummary {
  return {
    sent: 0,
    deferred: 0,
    failed: 0,
    skipped: 0,
    suppressed: 0,
    expiredLeases: 0,
    elapsedMs: 0,
    paused: false,
    stopped: false,
  };
}

const number = new Intl.NumberFormat('en-US');

/**
 * The one-line summary, e.g. `sent 9,812 · deferred 120 · failed 3 · skipped 65 · 812 msg/s`.
 *
 * @example
 * formatSendSummary({ ...createSendSummary(), sent: 1200, elapsedMs: 1500 }); // 'sent 1,200 · deferred 0 · failed 0 · skipped 0 · 800 msg/s'
 */
export function formatSendSummary(summary: SendSummary): string {
  const rate = summary.elapsedMs > 0 ? Math.round((summary.sent * 1000) / summary.elapsedMs) : 0;
  const parts = [
    `sent ${number.format(summary.sent)}`,
    `deferred ${number.format(summary.deferred)}`,
    `failed ${number.format(summary.failed)}`,
    `skipped ${number.format(summary.skipped)}`,
    `${number.format(rate)} msg/s`,
  ];
  if (summary.suppressed > 0) parts.push(`suppressed ${number.format(summary.suppressed)}`);
  if (summary.expiredLeases > 0) parts.push(`expired leases resent ${number.format(summary.expiredLeases)}`);
  return parts.join(' · ');
}
