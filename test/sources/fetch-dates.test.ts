import { describe, expect, it } from 'vitest';
import { arxivAnnouncement, defaultFetchDate, planFetchDates } from '../../src/sources/index.ts';

const utc = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 16);

describe('fetch dates', () => {
  it('defaults to yesterday in UTC', () => {
    expect(defaultFetchDate(new Date('2024-03-12T00:30:00Z'))).toBe('2024-03-11');
    expect(defaultFetchDate(new Date('2024-01-01T23:59:00Z'))).toBe('2023-12-31');
  });

  it("follows arXiv's schedule: 14:00 New York cutoffs, Thursday–Friday on Sunday, Friday–Monday on Monday", () => {
    const window = (date: string) => {
      const a = arxivAnnouncement(date);
      return a && [utc(a.from), utc(a.to), utc(a.announcedAt)];
    };
    // Winter (EST, UTC-5): Tuesday covers Monday 19:00Z to Tuesday 19:00Z, published 01:00Z.
    expect(window('2024-01-16')).toEqual(['2024-01-15T19:00', '2024-01-16T19:00', '2024-01-17T01:00']);
    // Summer (EDT, UTC-4).
    expect(window('2024-07-16')).toEqual(['2024-07-15T18:00', '2024-07-16T18:00', '2024-07-17T00:00']);
    expect(window('2024-07-14')).toEqual(['2024-07-11T18:00', '2024-07-12T18:00', '2024-07-15T00:00']); // Sunday
    expect(window('2024-07-15')).toEqual(['2024-07-12T18:00', '2024-07-15T18:00', '2024-07-16T00:00']); // Monday
    expect(window('2024-07-12')).toBeUndefined(); // Friday
    expect(window('2024-07-13')).toBeUndefined(); // Saturday
    // The Monday across the spring change: Friday 14:00 EST to Monday 14:00 EDT.
    expect(window('2024-03-11')).toEqual(['2024-03-08T19:00', '2024-03-11T18:00', '2024-03-12T00:00']);
  });

  it('covers every submission exactly once across a week of announcements', () => {
    const dates = ['2024-07-14', '2024-07-15', '2024-07-16', '2024-07-17', '2024-07-18', '2024-07-21'];
    const windows = dates.map((d) => arxivAnnouncement(d) as { from: number; to: number });
    for (let i = 1; i < windows.length; i++) expect(windows[i]?.from).toBe(windows[i - 1]?.to);
  });

  it('catches up missed days, at most a week, and fetches only the latest day without history', () => {
    expect(planFetchDates(undefined, '2024-03-11', 7)).toEqual(['2024-03-11']);
    expect(planFetchDates('2024-03-11', '2024-03-11', 7)).toEqual(['2024-03-11']);
    expect(planFetchDates('2024-03-08', '2024-03-11', 7)).toEqual(['2024-03-09', '2024-03-10', '2024-03-11']);
    expect(planFetchDates('2024-01-01', '2024-03-11', 3)).toEqual(['2024-03-09', '2024-03-10', '2024-03-11']);
  });
});
