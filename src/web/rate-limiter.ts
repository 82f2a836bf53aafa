/** A request over the limit learns when it may try again. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A sliding-window counter per key (client IP), held in memory: the web app is one process, and a
 * restart forgiving everyone is acceptable for a sign-up form. Memory stays bounded: at most
 * `maxKeys` keys, idle ones dropped first.
 *
 * Why our own rather than hono-rate-limiter: it guards one route, needs a sliding window (a fixed
 * window lets twice the limit through across a window edge) with an exact Retry-After, and a bound
 * on memory; that is these 50 lines, against a dependency and a store adapter.
 *
 * @example
 * const limiter = new SlidingWindowLimiter(20, 3_600_000);
 * const decision = limiter.hit(ip, new Date());
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Counts one request for `key` unless it is over the limit. */
  hit(key: string, now: Date): RateDecision {
    const at = now.getTime();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > at - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      const oldest = recent[0] ?? at;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - at) / 1000)),
      };
    }
    recent.push(at);
    // Re-inserting moves the key to the end of the Map, so the first keys are the least recently used.
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.evict(at);
    return { allowed: true };
  }

  private evict(at: number): void {
    for (const [key, times] of this.hits) {
      if ((times.at(-1) ?? 0) <= at - this.windowMs) this.hits.delete(key);
    }
    for (const key of this.hits.keys()) {
      if (this.hits.size <= this.maxKeys) break;
      this.hits.delete(key);
    }
  }
}
