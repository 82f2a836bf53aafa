import { z } from 'zod';

/** One title and abstract, as parsed from a digest. */
export const Paper = z.object({
  /** Stable identity: `arxiv:<id>` when the arXiv id is known, else `title:<normalized title key>`. */
  id: z.string().min(1),
  title: z.string().min(1),
  abstract: z.string(),
  authors: z.array(z.string()).default([]),
  url: z.string().optional(),
  arxivId: z.string().optional(),
  categories: z.array(z.string()).default([]),
  publishedAt: z.string().optional(),
  upvotes: z.number().optional(),
});
export type Paper = z.infer<typeof Paper>;

/** A per-item problem found while parsing; never thrown, always returned. */
export interface ParseWarning {
  line?: number;
  field?: string;
  message: string;
}

/** Where the digest date came from; `mtime-year` means month and day from the file, year from its mtime. */
export type DateSource = 'filename' | 'content' | 'mtime-year' | 'mtime' | 'none';

export interface ParsedDigest {
  format: 'text' | 'json' | 'hf-json' | 'atom' | 'rss';
  /** ISO date (YYYY-MM-DD) of the digest, when it could be determined. */
  date?: string;
  dateSource: DateSource;
  papers: Paper[];
  warnings: ParseWarning[];
  /** How many entries a structured digest lists (JSON items, feed entries), usable or not. */
  entries?: number;
}
