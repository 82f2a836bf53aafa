const maxDelaySeconds = 12 * 3600;

/**
 * Why not a retry library (p-retry, exponential-backoff): those retry a function call inside one
 * process. Our retries are ledger rows (`deferred` until `next_attempt_at`) that any process claims
 * later, even after a restart, so all we need from a library is this one formula.
 *
 * The wait before retry number `attempt` (1 = the first retry): `base · 2^(attempt-1)`, capped at
 * 12 hours, times a jitter in [0.5, 1.5) so deferrals caused by one outage do not all return at once.
 * With the defaults (60 s, 8 attempts) the retries spread over about four hours.
 *
 * @example
 * computeRetryDelay(3, 60, () => 0.5); // 240_000 ms
 */
export function computeRetryDelay(
  attempt: number,
  baseSeconds: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(baseSeconds * 2 ** Math.max(0, attempt - 1), maxDelaySeconds);
  return Math.round(exponential * (0.5 + random()) * 1000);
}
