/**
 * Lets timers and I/O (the web app's requests, SMTP replies) run before long work goes on. SQLite
 * statements finish synchronously, so a loop of them never yields by itself.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A yield that happens only once `sliceMs` have passed since the last one, for loops whose steps
 * are too small to yield after each.
 *
 * @example
 * const pause = createTimeSlicer(10);
 * for (const item of items) { work(item); await pause(); }
 */
export function createTimeSlicer(sliceMs: number): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    if (performance.now() - last < sliceMs) return undefined;
    return yieldToEventLoop().then(() => {
      last = performance.now();
    });
  };
}
