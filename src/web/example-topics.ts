import { z } from 'zod';
import { listCanonicalTopics } from '../match/index.ts';
import data from './example-topics.json' with { type: 'json' };

/**
 * The sign-up page's hand-picked examples. Each must be a curated topic of the thesaurus: an
 * example a visitor copies has to be matched as a topic (with its synonyms), not as loose words.
 */
export const ExampleTopics = z.object({
  about: z.string(),
  topics: z
    .array(z.string().min(1))
    .min(3)
    .superRefine((topics, ctx) => {
      const canonical = new Set(listCanonicalTopics());
      topics.forEach((topic, i) => {
        if (!canonical.has(topic))
          ctx.addIssue({ code: 'custom', path: [i], message: `"${topic}" is not a curated thesaurus topic` });
      });
    }),
});
export type ExampleTopics = z.infer<typeof ExampleTopics>;

/** The examples, most asked-for first: the hint names the first three. */
export const exampleTopics: readonly string[] = ExampleTopics.parse(data).topics;
