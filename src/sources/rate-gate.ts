import type { Store } from '../store/index.ts';
import type { HttpDeps } from './http-get.ts';

/** arXiv's API terms: no more than one request every three seconds. */
export const arxivIntervalMs = 3000;

/**
 * A wait before each request to one host so that requests are at least `intervalMs` apart. The
 * schedule lives in the database (the `rate_limits` table that SEND_RATE uses), so a `paperboy fetch`
 * run next to the daemon's fetch still keeps the rule.
 */
export function createRateGate(
  store: Store,
  url: string,
  intervalMs: number,
  deps: Pick<HttpDeps, 'nowMs' | 'sleep'>,
  signal?: AbortSignal,
): () => Promise<void> {
  const name = `fetch:${new URL(url).host}`;
  return async () => {
    const slot = await store.deliveries.reserveSendSlots(name, 1, intervalMs, deps.nowMs());
    const wait = slot - deps.nowMs();
    if (wait > 0) await deps.sleep(wait, signal);
  };
}
