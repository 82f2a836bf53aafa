import type { DeliveryRepository } from '../store/index.ts';

/**
 * Group commit for "sent": every message the server accepted while the previous write was running
 * goes into the next write, one statement for all of them. A write starts on the next turn of the
 * event loop (no timer), so replies that arrived in the same turn share it: with SQLite, whose writes
 * finish synchronously, this is what lets a write carry more than one row. `record` resolves once the row is written, so a caller that holds its SMTP connection
 * until then still has at most one unrecorded message per connection (the SIGKILL bound).
 */
export function createSentRecorder(repo: Pick<DeliveryRepository, 'markSentMany'>, clock: () => Date) {
  let queued: { id: number; response: string; done: () => void; fail: (error: unknown) => void }[] = [];
  let writing = false;

  async function writeQueued(): Promise<void> {
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      try {
        await repo.markSentMany(batch, clock());
        for (const entry of batch) entry.done();
      } catch (error) {
        for (const entry of batch) entry.fail(error);
      }
    }
  }

  function scheduleWrite(): void {
    if (writing) return;
    writing = true;
    setImmediate(async () => {
      await writeQueued();
      writing = false;
      // Recorded after the loop saw an empty queue but before this line: start another round.
      if (queued.length > 0) scheduleWrite();
    });
  }

  return {
    record(id: number, response: string): Promise<void> {
      const written = new Promise<void>((done, fail) => queued.push({ id, response, done, fail }));
      scheduleWrite();
      return written;
    },
  };
}
