import { describe, expect, it } from 'vitest';
import {
  buildIssueSubject,
  excerptAbstract,
  formatEditionDate,
  maxSubjectChars,
} from '../../src/render/index.ts';
import { samplePapers } from './sample-issues.ts';

describe('excerptAbstract', () => {
  it('takes the first sentences and does not split on abbreviations, initials or decimals', () => {
    const abstract =
      'We study LLMs, e.g. GPT-4 and i.e. Claude, following Smith et al. in detail. J. Doe showed 2.5 times more in Fig. 1a. A third one. A fourth one.';
    expect(excerptAbstract(abstract)).toEqual({
      excerpt:
        'We study LLMs, e.g. GPT-4 and i.e. Claude, following Smith et al. in detail. J. Doe showed 2.5 times more in Fig. 1a. A third one.',
      truncated: true,
    });
  });

  it('ends every sample excerpt on a sentence boundary', () => {
    for (const paper of samplePapers) {
      const { excerpt } = excerptAbstract(paper.abstract);
      expect(excerpt.length).toBeGreaterThan(40);
      expect(excerpt.length).toBeLessThanOrEqual(480);
      expect(excerpt).toMatch(/[.!?…]["'’”)\]]*$/);
      expect(paper.abstract.replace(/\s+/g, ' ')).toContain(excerpt.replace(/…$/, ''));
    }
  });

  it('cuts a single very long sentence on a word boundary', () => {
    const abstract = `${'word '.repeat(150)}end.`;
    const { excerpt, truncated } = excerptAbstract(abstract);
    expect(truncated).toBe(true);
    expect(excerpt).toMatch(/^(word )+word…$/);
    expect(excerpt.length).toBeLessThanOrEqual(480);
  });

  it('returns a short abstract whole', () => {
    expect(excerptAbstract('  Just one line  ')).toEqual({ excerpt: 'Just one line', truncated: false });
  });
});

describe('buildIssueSubject', () => {
  it('follows the house format', () => {
    expect(buildIssueSubject(5, ['conformal prediction', 'RLHF'], 'Mar 11')).toBe(
      '5 new papers on conformal prediction, RLHF · Mar 11',
    );
    expect(buildIssueSubject(1, ['RLHF'], 'Mar 11')).toBe('1 new paper on RLHF · Mar 11');
    expect(buildIssueSubject(3, [], 'Mar 11')).toBe('3 new papers for you · Mar 11');
  });

  it('drops whole topics to stay under 80 characters', () => {
    const topics = ['conformal prediction', 'reinforcement learning from human feedback', 'diffusion models'];
    const subject = buildIssueSubject(10, topics, 'Dec 31');
    expect(subject).toBe('10 new papers on conformal prediction · Dec 31');
  });

  it('cuts a single long topic on a word boundary', () => {
    const topic =
      'uncertainty quantification for large vision language models under distribution shift in robotics';
    const subject = buildIssueSubject(12, [topic], 'Sep 30');
    expect(subject.length).toBeLessThanOrEqual(maxSubjectChars);
    expect(subject).toMatch(/^12 new papers on uncertainty quantification .*[a-z]… · Sep 30$/);
    expect(topic).toContain(subject.replace('12 new papers on ', '').replace('… · Sep 30', ''));
  });
});

describe('formatEditionDate', () => {
  it('formats without the local time zone', () => {
    expect(formatEditionDate('2024-03-11')).toEqual({ long: 'Monday, March 11, 2024', short: 'Mar 11' });
    expect(formatEditionDate('2025-01-01')).toEqual({ long: 'Wednesday, January 1, 2025', short: 'Jan 1' });
  });
});
