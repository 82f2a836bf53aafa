import { setTimeout as wait } from 'node:timers/promises';

/** A timer that an abort cuts short, so SIGTERM never waits out a rate slot or an idle poll. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await wait(ms, undefined, signal ? { signal } : {}).catch((error: unknown) => {
    if ((error as Error).name !== 'AbortError') throw error;
  });
}
