import { describe, expect, it } from 'vitest';
import { listCanonicalTopics } from '../../src/match/index.ts';
import { ExampleTopics, exampleTopics } from '../../src/web/example-topics.ts';

describe('the sign-up page’s example topics', () => {
  it('are curated thesaurus topics, so a visitor who copies one gets its synonyms', () => {
    expect(exampleTopics.length).toBeGreaterThanOrEqual(3);
    const canonical = new Set(listCanonicalTopics());
    for (const topic of exampleTopics) expect(canonical.has(topic), topic).toBe(true);
  });

  it('refuses a topic the thesaurus does not know, naming its place in the file', () => {
    const result = ExampleTopics.safeParse({
      about: '',
      topics: ['large language models', 'diffusion models', 'sea cucumber husbandry'],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['topics', 2],
      message: '"sea cucumber husbandry" is not a curated thesaurus topic',
    });
  });
});
