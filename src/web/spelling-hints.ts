import type { SpellingSuggestion } from '../match/index.ts';
import type { WebContext } from './web-context.ts';

/**
 * Words of the topics that look mistyped, each with the word it nearly is (see `suggestSpellings`).
 * A hint is worth a look at the latest edition, never a broken page: when the edition cannot be
 * read, the page goes on without hints and a warning is logged.
 */
export function readSpellingHints(
  ctx: Pick<WebContext, 'samples' | 'logger'>,
  topics: readonly string[],
): Promise<SpellingSuggestion[]> {
  return ctx.samples.suggestSpellings(topics).catch((error: unknown) => {
    ctx.logger.warn({ err: error }, 'spelling hints unavailable');
    return [];
  });
}
