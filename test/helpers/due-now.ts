import type { Store } from '../../src/store/index.ts';
import { subscriberFields } from './run-captured.ts';

/**
 * Inserts a confirmed daily subscriber whose hour is the current UTC hour, so the daemon's first
 * tick finds them due. A slot stays open for an hour: in the last minutes of one, this waits for the
 * next hour first.
 */
export async function insertSubscriberDueNow(store: Store, email: string, topics: string[]): Promise<void> {
  const minute = new Date().getUTCMinutes();
  if (minute >= 57) await new Promise((resolve) => setTimeout(resolve, (61 - minute) * 60_000));
  await store.subscribers.insert(subscriberFields({ email, topics, hour: new Date().getUTCHours() }), {
    now: new Date(),
    source: 'cli',
  });
}
