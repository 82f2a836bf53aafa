import type { Clause } from './compiled-topic.ts';

/**
 * The clauses of one topic being compiled: one per (concept, phrase). A phrase reached several ways
 * ("vision-language" as a synonym and as a narrower term) keeps its strongest weight, and counts as
 * unambiguous if any way it was reached is.
 */
export class ClauseSet {
  private readonly byKey = new Map<string, Clause>();

  add(clause: Clause): void {
    if (clause.tokens.length === 0 || clause.weight <= 0) return;
    const key = `${clause.unit}:${clause.tokens.join(' ')}`;
    const existing = this.byKey.get(key);
    if (!existing || clause.weight > existing.weight) {
      this.byKey.set(key, { ...clause, ambiguous: (existing?.ambiguous ?? true) && clause.ambiguous });
    } else if (!clause.ambiguous) existing.ambiguous = false;
  }

  list(): Clause[] {
    return [...this.byKey.values()];
  }
}
