import { defaultMaxPapers } from '../match/index.ts';
import type { Subscriber } from '../store/index.ts';

/**
 * What a new subscriber starts with beyond the topics and schedule they gave, whichever way they
 * arrive (the sign-up form, `subscribers add`, an imported row): the matcher's defaults, so the
 * issue they first get is the one the live sample showed.
 */
export function newSubscriberSettings(): Pick<Subscriber, 'exclude' | 'breadth' | 'maxPapers'> {
  return { exclude: [], breadth: 'balanced', maxPapers: defaultMaxPapers };
}
