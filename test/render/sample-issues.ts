import { readFileSync } from 'node:fs';
import { type Paper, parseDigest } from '../../src/digest/index.ts';
import type { IssueData, IssuePaper } from '../../src/render/index.ts';

/**
 * Fixtures for the render tests: the sample digest and three hand-written profiles. The selection is a
 * deliberately simple keyword match so the snapshots change only when rendering changes, not the matcher.
 */
export const samplePapers: Paper[] = parseDigest({
  text: readFileSync(new URL('../../seeds/daily-papers-mar-11.txt', import.meta.url), 'utf8'),
  fileName: 'daily-papers-mar-11.txt',
  mtime: new Date('2024-03-12T12:00:00Z'),
  now: new Date('2024-03-12T12:00:00Z'),
}).papers;

export const sampleDate = '2024-03-11';
/** The day the sample issues are sent: a day after the digest, as with a nightly fetch. */
export const sampleSentOn = '2024-03-12';

export interface SampleProfile {
  slug: string;
  /** Topic → the phrases that count as a match for it. */
  topics: Record<string, string[]>;
}

export const sampleProfiles: SampleProfile[] = [
  {
    slug: 'one-topic',
    topics: {
      'conformal prediction': ['conformal prediction', 'conformal'],
    },
  },
  {
    slug: 'conformal-rlhf',
    topics: {
      'conformal prediction': ['conformal prediction', 'conformal'],
      RLHF: ['human feedback', 'preference optimization', 'preference fine-tuning', 'reward model'],
    },
  },
  {
    slug: 'llm-reasoning',
    topics: {
      'large language models': ['large language model', 'LLMs', 'language models'],
      reasoning: ['reasoning'],
      alignment: ['alignment', 'aligning'],
    },
  },
  {
    slug: 'fairness-astro',
    topics: {
      fairness: ['fairness', 'unfairness', 'discrimination'],
      'causal inference': ['causal'],
      JWST: ['JWST'],
    },
  },
];

export function selectSamplePapers(
  profile: SampleProfile,
  papers: readonly Paper[] = samplePapers,
): IssuePaper[] {
  const scored = papers.flatMap((paper, order) => {
    const reasons: string[] = [];
    const matchedTopics: string[] = [];
    let score = 0;
    for (const [topic, phrases] of Object.entries(profile.topics)) {
      const inTitle = phrases.find((phrase) => includes(paper.title, phrase));
      const inAbstract = phrases.find((phrase) => includes(paper.abstract, phrase));
      const hit = inTitle ?? inAbstract;
      if (!hit) continue;
      matchedTopics.push(topic);
      // The matcher's own wording (describeHit in src/match/match-papers.ts), which the email rewrites.
      const field = inTitle && inAbstract ? 'title and abstract' : inTitle ? 'title' : 'abstract';
      reasons.push(
        hit.toLowerCase() === topic.toLowerCase()
          ? `matched "${topic}" in ${field}`
          : `matched "${topic}" via "${hit}" in ${field}`,
      );
      score += inTitle ? 2 : 1;
    }
    return matchedTopics.length ? [{ paper, reasons, matchedTopics, score, order }] : [];
  });
  return scored
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, 10)
    .map(({ paper, reasons, matchedTopics }) => ({ paper, reasons, matchedTopics }));
}

export function buildSampleIssue(profile: SampleProfile, papers = selectSamplePapers(profile)): IssueData {
  const token = `tok-${profile.slug}`;
  return {
    newsletterName: 'Paperboy',
    date: sampleDate,
    sentOn: sampleSentOn,
    papers,
    topics: Object.keys(profile.topics),
    links: {
      preferencesUrl: `https://paperboy.example/preferences/${token}`,
      unsubscribeUrl: `https://paperboy.example/unsubscribe/${token}`,
      webUrl: `https://paperboy.example/issue/issue.${token}~${sampleDate}.0.sig`,
    },
    rateUrls: (paperId) => {
      const base = `https://paperboy.example/rate/rate.${token}~hash.0.sig?paper=${encodeURIComponent(paperId)}`;
      return { moreUrl: `${base}&vote=up`, lessUrl: `${base}&vote=down` };
    },
    postalAddress: 'Paperboy, 1 Example Street, 00000 Example City',
  };
}

function includes(text: string, phrase: string): boolean {
  return text.toLowerCase().includes(phrase.toLowerCase());
}
