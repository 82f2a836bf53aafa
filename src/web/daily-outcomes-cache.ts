import type { DayOutcomes, Store } from '../store/index.ts';

export interface DailyOutcomesSource {
  /** Sent and failed per day for `days` (oldest first); `today` is always counted afresh. */
  load(days: readonly string[], today: string): Promise<DayOutcomes[]>;
  /** Drops every remembered day (after an action that changed the ledger). */
  forget(): void;
}

/**
 * The overview chart's numbers. Today's are counted on every request; a past day's are remembered for
 * `maxAgeMs`, since they change only when a delivery of that day is written again (a retry moves it to
 * today), which the operator's own actions announce through `forget`. With a million deliveries this
 * is what keeps the overview from counting a month of rows on every load.
 */
export function createDailyOutcomesSource(
  store: Store,
  options: { maxAgeMs: number; now?: () => number },
): DailyOutcomesSource {
  const now = options.now ?? Date.now;
  const remembered = new Map<string, { outcome: DayOutcomes; at: number }>();
  return {
    async load(days, today) {
      const at = now();
      const stale = days.filter((day) => {
        const hit = remembered.get(day);
        return day >= today || !hit || at - hit.at > options.maxAgeMs;
      });
      const fresh = await store.admin.countOutcomesByDay(stale);
      for (const outcome of fresh) if (outcome.day < today) remembered.set(outcome.day, { outcome, at });
      const byDay = new Map(fresh.map((o) => [o.day, o]));
      for (const day of remembered.keys()) if (!days.includes(day)) remembered.delete(day);
      return days.map((day) => byDay.get(day) ?? remembered.get(day)?.outcome ?? { day, sent: 0, failed: 0 });
    },
    forget() {
      remembered.clear();
    },
  };
}
