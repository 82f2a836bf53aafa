import { z } from 'zod';
import data from './arxiv-categories.json' with { type: 'json' };

/** arXiv's category taxonomy: archive → its subject classes (empty for archives without any, e.g. `hep-th`). */
export const ArxivTaxonomy = z.object({
  source: z.url(),
  archives: z.record(z.string().regex(/^[a-z-]+$/), z.array(z.string().regex(/^[A-Za-z-]+$/))),
});
export type ArxivTaxonomy = z.infer<typeof ArxivTaxonomy>;

const taxonomy = ArxivTaxonomy.parse(data);

/** Lower-cased category → its canonical spelling (`cs.lg` → `cs.LG`). */
const canonical = new Map<string, string>(
  Object.entries(taxonomy.archives).flatMap(([archive, classes]) =>
    classes.length === 0
      ? [[archive, archive] as const]
      : classes.map((c) => [`${archive}.${c}`.toLowerCase(), `${archive}.${c}`] as const),
  ),
);

/**
 * The canonical spelling of an arXiv category, or undefined when arXiv has no such category: a typo
 * such as `cs.LF` would otherwise fetch nothing, silently, every day.
 *
 * @example
 * canonicalArxivCategory('stat.ml'); // 'stat.ML'
 */
export function canonicalArxivCategory(text: string): string | undefined {
  return canonical.get(text.trim().toLowerCase());
}

export const arxivTaxonomyUrl = taxonomy.source;
