import { z } from 'zod';

const Phrase = z.string().trim().min(1).max(80);

/**
 * One concept of the thesaurus (src/match/data/thesaurus.json).
 * - `terms`: synonyms, spellings and acronyms that mean the same thing. Acronyms are written in
 *   capitals ("RLHF"): they then match only capitalised acronyms in papers.
 * - `narrower`: more specific concepts or phrases; a paper about one of them is about this concept
 *   too. A narrower phrase that is another concept's label also brings that concept's terms (one hop).
 * - `related`: neighbouring phrases; weak evidence that helps ranking but does not select a paper alone.
 * - `categories`: arXiv categories of the same scope; a digest that lists categories lets a paper's
 *   category count as evidence, weaker than the words of its title.
 * Which expansions are ambiguous is decided by one rule in the matcher (single words and short
 * acronyms need a second form of the same concept in the paper), not marked entry by entry.
 */
export const ThesaurusConcept = z
  .object({
    label: Phrase,
    terms: z.array(Phrase).optional(),
    narrower: z.array(Phrase).optional(),
    related: z.array(Phrase).optional(),
    /** arXiv categories whose papers are about this concept ("cs.CL" for computation and language). */
    categories: z.array(z.string().regex(/^[a-z-]+(\.[A-Za-z-]+)?$/)).optional(),
  })
  .strict();
export type ThesaurusConcept = z.infer<typeof ThesaurusConcept>;

export const ThesaurusFile = z.object({ concepts: z.array(ThesaurusConcept).min(1) }).strict();
export type ThesaurusFile = z.infer<typeof ThesaurusFile>;
