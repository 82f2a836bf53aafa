import { describe, expect, it } from 'vitest';
import {
  buildIssueWebUrl,
  buildRateUrls,
  listVerificationKeys,
  readIssueToken,
  readRateToken,
} from '../../src/subscribers/index.ts';

const key = 'rate-secret-0123456789abcdef';
const now = new Date('2025-03-11T09:00:00Z');

function tokenAndPaper(url: string): [string, string] {
  const parsed = new URL(url);
  return [parsed.pathname.split('/').at(-1) ?? '', parsed.searchParams.get('paper') ?? ''];
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('rate links', () => {
  it('carry the reader and the paper, and differ only in the vote', () => {
    const urls = buildRateUrls('https://news.example', key, 'reader-1', 'arxiv:hep-th/9901001');
    expect(urls.moreUrl).toMatch(
      /^https:\/\/news\.example\/rate\/rate\.reader-1~[\w-]{16}\.0\.[\w-]{6}\.[\w-]{43}\?/,
    );
    expect(urls.lessUrl).toBe(urls.moreUrl.replace('vote=up', 'vote=down'));
    const [token, paper] = tokenAndPaper(urls.moreUrl);
    expect(paper).toBe('arxiv:hep-th/9901001');
    expect(readRateToken(key, token, paper, now)).toEqual({ publicId: 'reader-1' });
  });

  it('bind the paper: another paper id with the same token is refused', () => {
    const [token] = tokenAndPaper(
      buildRateUrls('https://n.example', key, 'reader-1', 'arxiv:2403.01234').moreUrl,
    );
    expect(codeOf(() => readRateToken(key, token, 'arxiv:2403.01235', now))).toBe('TOKEN_INVALID');
    expect(codeOf(() => readRateToken(key, token, '', now))).toBe('TOKEN_INVALID');
  });

  it('are refused with another key, for another purpose, and accepted with SECRET_PREVIOUS', () => {
    const [token, paper] = tokenAndPaper(buildRateUrls('https://n.example', key, 'r', 'title:x').moreUrl);
    expect(codeOf(() => readRateToken('another-secret-0123456789abcd', token, paper, now))).toBe(
      'TOKEN_INVALID',
    );
    const keys = listVerificationKeys({ SECRET: 'new-secret-0123456789abcdef', SECRET_PREVIOUS: key });
    expect(readRateToken(keys, token, paper, now).publicId).toBe('r');
    // An issue link is not a rate link, and a rate link is not an issue link.
    const issueToken = buildIssueWebUrl('https://n.example', key, 'r', '2025-03-11').split('/').at(-1) ?? '';
    expect(codeOf(() => readRateToken(key, issueToken, paper, now))).toBe('TOKEN_INVALID');
    expect(codeOf(() => readIssueToken(key, token, now))).toBe('TOKEN_INVALID');
    // "View in browser" links survive a rotation too.
    expect(readIssueToken(keys, issueToken, now)).toEqual({ publicId: 'r', date: '2025-03-11' });
  });
});
