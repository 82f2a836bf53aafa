/** SQLite caps bound parameters per statement; batches of this many keys stay well below it on both engines. */
const chunkSize = 400;

/** Splits a list into batches for `IN (…)` lists and multi-row inserts. */
export function chunk<T>(items: readonly T[], size = chunkSize): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
