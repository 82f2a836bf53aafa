import { describe, expect, it } from 'vitest';
import {
  buildIssueSubject,
  buildPreheader,
  excerptAbstract,
  formatEditionDate,
  formatLocalDate,
  formatNextIssue,
  formatSchedule,
  maxPreheaderChars,
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
  const counts = (...pairs: [string | undefined, number][]) =>
    pairs.map(([topic, count]) => ({ topic, count }));

  it('names the top topics with their counts, which add up to the total', () => {
    expect(buildIssueSubject(counts(['RLHF', 6], ['diffusion models', 2]), 'Mar 11', [])).toBe(
      '8 new papers: RLHF (6) and diffusion models (2) · Mar 11',
    );
    expect(buildIssueSubject(counts(['RLHF', 1]), 'Mar 11', ['RLHF'])).toBe('1 new paper on RLHF · Mar 11');
    expect(buildIssueSubject(counts([undefined, 3]), 'Mar 11', [])).toBe('3 new papers for you · Mar 11');
    expect(buildIssueSubject(counts(['RLHF', 2], [undefined, 1]), 'Mar 11', [])).toBe(
      '3 new papers: RLHF (2) and 1 more · Mar 11',
    );
    expect(buildIssueSubject([], 'Mar 11', ['RLHF', 'GNNs'])).toBe('No new papers on RLHF and GNNs · Mar 11');
  });

  it('turns topics that do not fit into "and N more" and stays under 80 characters', () => {
    const subject = buildIssueSubject(
      counts(
        ['conformal prediction', 5],
        ['reinforcement learning from human feedback', 3],
        ['diffusion models', 2],
      ),
      'Dec 31',
      [],
    );
    expect(subject).toBe('10 new papers: conformal prediction (5) and 5 more · Dec 31');
    expect(subject.length).toBeLessThanOrEqual(maxSubjectChars);
  });

  it('cuts a single long topic on a word boundary', () => {
    const topic =
      'uncertainty quantification for large vision language models under distribution shift in robotics';
    const subject = buildIssueSubject(counts([topic, 12]), 'Sep 30', [topic]);
    expect(subject.length).toBeLessThanOrEqual(maxSubjectChars);
    expect(subject).toMatch(/^12 new papers on uncertainty quantification .*[a-z]… · Sep 30$/);
    expect(topic).toContain(subject.replace('12 new papers on ', '').replace('… · Sep 30', ''));
  });
});

describe('buildPreheader', () => {
  it('counts what follows the top pick per topic, the way the subject does', () => {
    const groups = [
      { topic: 'RLHF', count: 6 },
      { topic: 'diffusion models', count: 2 },
    ];
    expect(buildPreheader('A paper', groups, 'RLHF', 'RLHF and diffusion models')).toBe(
      'Top pick: A paper — and 5 more on RLHF and 2 on diffusion models.',
    );
    expect(buildPreheader('A paper', [{ topic: 'RLHF', count: 1 }], 'RLHF', 'RLHF')).toBe(
      'Top pick: A paper',
    );
    expect(
      buildPreheader(
        'A paper',
        [...groups, { topic: 'GNNs', count: 1 }, { topic: undefined, count: 2 }],
        'RLHF',
        '',
      ),
    ).toBe('Top pick: A paper — and 5 more on RLHF, 2 on diffusion models and 3 on other topics.');
    expect(buildPreheader(undefined, [], undefined, 'RLHF')).toBe('Nothing new matched RLHF this time.');
  });

  it('cuts a long title, never the counts, to 140 characters', () => {
    const preheader = buildPreheader('word '.repeat(60), [{ topic: 'RLHF', count: 9 }], 'RLHF', 'RLHF');
    expect(preheader.length).toBeLessThanOrEqual(maxPreheaderChars);
    expect(preheader).toMatch(/^Top pick: (word )+word… — and 8 more on RLHF\.$/);
  });
});

describe('formatSchedule and formatLocalDate', () => {
  it('says the schedule the way a reader would', () => {
    expect(formatSchedule({ frequency: 'daily', weekday: null, hour: 7, timezone: 'UTC' })).toBe(
      'every day at 07:00 (UTC)',
    );
    expect(formatSchedule({ frequency: 'weekly', weekday: 5, hour: 18, timezone: 'America/New_York' })).toBe(
      'every Friday at 18:00 (America/New_York)',
    );
  });

  it('gives the calendar date in the reader’s zone, UTC for a zone it does not know', () => {
    const instant = new Date('2025-12-05T23:30:00Z');
    expect(formatLocalDate(instant, 'Europe/Berlin')).toBe('2025-12-06');
    expect(formatLocalDate(instant, 'America/Los_Angeles')).toBe('2025-12-05');
    expect(formatLocalDate(instant, 'Not/AZone')).toBe('2025-12-05');
    expect(formatLocalDate(instant)).toBe('2025-12-05');
  });
});

describe('formatNextIssue', () => {
  const now = new Date('2025-03-11T21:30:00Z'); // Tuesday 22:30 in Berlin, Wednesday 06:30 in Tokyo
  it('says today, tomorrow, a weekday, or a date, in the reader’s own zone', () => {
    expect(formatNextIssue(new Date('2025-03-11T22:00:00Z'), now)).toBe('today at 22:00 (UTC)');
    expect(formatNextIssue(new Date('2025-03-12T06:00:00Z'), now, 'Europe/Berlin')).toBe(
      'tomorrow at 07:00 (Europe/Berlin)',
    );
    expect(formatNextIssue(new Date('2025-03-11T22:00:00Z'), now, 'Asia/Tokyo')).toBe(
      'today at 07:00 (Asia/Tokyo)',
    );
    expect(formatNextIssue(new Date('2025-03-14T06:00:00Z'), now, 'Europe/Berlin')).toBe(
      'on Friday at 07:00 (Europe/Berlin)',
    );
    expect(formatNextIssue(new Date('2025-03-20T06:00:00Z'), now, 'Europe/Berlin')).toBe(
      'on Thursday, Mar 20 at 07:00 (Europe/Berlin)',
    );
  });

  it('counts an unknown zone as UTC', () => {
    expect(formatNextIssue(new Date('2025-03-12T07:00:00Z'), now, 'Mars/Olympus')).toBe(
      'tomorrow at 07:00 (UTC)',
    );
  });
});

describe('formatEditionDate', () => {
  it('formats without the local time zone', () => {
    expect(formatEditionDate('2024-03-11')).toEqual({ long: 'Monday, March 11, 2024', short: 'Mar 11' });
    expect(formatEditionDate('2025-01-01')).toEqual({ long: 'Wednesday, January 1, 2025', short: 'Jan 1' });
  });
});
