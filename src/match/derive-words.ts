import { createRequire } from 'node:module';
import { z } from 'zod';

/**
 * Words of one family from WordNet (data/derivations.json, built by scripts/build-derivations.ts):
 * "predictor" → "predict", "sensor" → "sense", "compartment" → "compartmental". Kept only where the
 * other word is one some vocabulary name uses and Porter's stemmer does not already join the two
 * ("alignment" and "aligning" it does).
 */
export const DerivationsFile = z
  .object({
    source: z.string().min(1),
    /** WordNet's licence asks for its notice on every copy: the data file carries it. */
    licence: z.string().includes('Princeton University'),
    words: z.record(
      z.string().regex(/^[a-z]+$/),
      z
        .array(z.string().regex(/^[a-z]+$/))
        .min(1)
        .max(40),
    ),
  })
  .strict();
export type DerivationsFile = z.infer<typeof DerivationsFile>;

let families: Map<string, readonly string[]> | undefined;

/** Loaded on first use (as a module: no file I/O in the pure matcher) and checked against its schema. */
function loadFamilies(): Map<string, readonly string[]> {
  const data = DerivationsFile.parse(createRequire(import.meta.url)('./data/derivations.json'));
  return new Map(Object.entries(data.words));
}

/**
 * WordNet lists base forms; a reader writes "predictors", "aligning", "screens". These endings undo
 * the inflections (WordNet's own morphology rules, without its exception lists).
 */
const inflections: [RegExp, string][] = [
  [/ies$/, 'y'],
  [/(ch|sh|ss|x)es$/, '$1'],
  [/s$/, ''],
  [/es$/, 'e'],
  [/ing$/, ''],
  [/ing$/, 'e'],
  [/ed$/, ''],
  [/ed$/, 'e'],
];

/** The other words of a word's family that name something in the vocabulary (none for most words). */
export function deriveWords(word: string): string[] {
  families ??= loadFamilies();
  const lower = word.toLowerCase();
  const own = families.get(lower);
  if (own) return [...own];
  const found = new Set<string>();
  for (const [ending, replacement] of inflections) {
    if (!ending.test(lower)) continue;
    const base = lower.replace(ending, replacement);
    const family = families.get(base);
    if (family) for (const other of [base, ...family]) found.add(other);
  }
  return [...found];
}
