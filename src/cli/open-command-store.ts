import { openStore, type Store } from '../store/index.ts';
import type { CommandContext } from './command.ts';

/** Opens the configured store for the length of one command and always closes it. */
export async function withStore<T>(ctx: CommandContext, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(ctx.config().DATABASE_URL);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
