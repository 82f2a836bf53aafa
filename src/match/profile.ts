import { z } from 'zod';
import { tokenizeText } from './tokenize-text.ts';

const Phrase = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/**
 * The topics with no word a paper could match ("of the", "???"): only stop words and punctuation.
 * Such a topic would select nothing, every day, without anyone noticing.
 */
export function findWordlessTopics(topics: readonly string[]): string[] {
  return topics.filter((topic) => tokenizeText(topic).length === 0);
}

/** A list of phrases none of which is wordless: one problem per wordless phrase, naming it. */
const Phrases = (maxCount: number, tooMany: string) =>
  z
    .array(Phrase)
    .max(maxCount, tooMany)
    .superRefine((phrases, ctx) => {
      for (const topic of findWordlessTopics(phrases))
        ctx.addIssue({ code: 'custom', message: `"${topic}" has no word to match papers on` });
    });

/**
 * How many papers an issue carries at most unless the reader chooses. The cut (see
 * `breadthThresholds`) decides what is relevant; this cap only keeps a broad topic on a rich day
 * ("large language models" among a thousand arXiv papers) to an issue one reads in a sitting. Daily
 * paper emails carry about 20–40 papers (Hugging Face's), arXiv alerts everything that matches, so a
 * cap of 10 cut papers readers of broad topics wanted: see "Known limits" in the README.
 */
export const defaultMaxPapers = 20;

const PaperIds = z.array(z.string().trim().min(1)).max(500, 'at most 500 rated papers');

/**
 * A subscriber's topics and settings, as the matcher sees them. `likes` and `dislikes` are ids of
 * stored papers the reader rated; the store turns them into their text (`Ratings`) for the matcher.
 */
export const Profile = z
  .object({
    topics: Phrases(20, 'at most 20 topics').default([]),
    /** Papers mainly about one of these are dropped (and reported as excluded). */
    exclude: Phrases(20, 'at most 20 exclusions').default([]),
    maxPapers: z.number().int().min(1).max(100).default(defaultMaxPapers),
    /** Moves the selection threshold: `focused` keeps only strong matches, `broad` admits weaker ones. */
    breadth: z.enum(['focused', 'balanced', 'broad']).default('balanced'),
    likes: PaperIds.default([]),
    dislikes: PaperIds.default([]),
  })
  // Example papers alone are a profile too; nothing at all is not.
  .refine((profile) => profile.topics.length > 0 || profile.likes.length > 0, {
    message: 'at least one topic or one liked paper is required',
    path: ['topics'],
  });
export type Profile = z.infer<typeof Profile>;
export type Breadth = Profile['breadth'];

/**
 * Splits free text ("a, b; c" or one topic per line) into topics: trimmed,
 * inner whitespace collapsed, duplicates (ignoring case) dropped, order kept.
 *
 * @example
 * parseTopics('RLHF, reward models;\nRLHF'); // ['RLHF', 'reward models']
 */
export function parseTopics(text: string): string[] {
  const seen = new Set<string>();
  const topics: string[] = [];
  for (const part of text.split(/[,;\n\r]+/)) {
    const topic = part.trim().replace(/\s+/g, ' ');
    const key = topic.toLowerCase();
    if (topic === '' || seen.has(key)) continue;
    seen.add(key);
    topics.push(topic);
  }
  return topics;
}

/** A phrase with its spacing normalized. Case is kept: "SAM" (an acronym) is not "sam". */
export function normalizePhrase(phrase: string): string {
  return phrase.trim().replace(/\s+/g, ' ');
}

/**
 * A key that is equal for profiles the matcher treats identically, so a cache
 * computes each once. Topic order is kept because it orders the reasons.
 */
export function toProfileKey(profile: Profile): string {
  return JSON.stringify([
    profile.topics.map(normalizePhrase),
    profile.exclude.map(normalizePhrase),
    profile.maxPapers,
    profile.breadth,
    [...profile.likes].sort(),
    [...profile.dislikes].sort(),
  ]);
}
