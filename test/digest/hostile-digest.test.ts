import { describe, expect, it } from 'vitest';
import { isCalendarDate, latestAcceptedDate, readContentDate } from '../../src/digest/digest-date.ts';
import {
  cleanText,
  extractArxivId,
  type ParsedDigest,
  parseDigest,
  titleKey,
} from '../../src/digest/index.ts';
import { AppError } from '../../src/errors/index.ts';
import { adversarialDigests } from '../helpers/hostile-digests.ts';

// Findings of the audit in issue 19 (digest half): each test reproduces one, against the parsers.
const now = new Date('2025-03-12T09:00:00Z');
const mtime = new Date('2025-03-11T20:00:00Z');

const json = (items: unknown) => parseDigest({ text: JSON.stringify(items), fileName: 'd.json', mtime, now });
const xml = (text: string, fileName = 'd.xml') => parseDigest({ text, fileName, mtime, now });
const atom = (entries: string) =>
  xml(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">${entries}</feed>`);
const rss = (items: string) => xml(`<rss version="2.0"><channel>${items}</channel></rss>`);

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

const warned = (parsed: ParsedDigest, pattern: RegExp) =>
  expect(parsed.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(pattern));

describe('content dates are checked like file-name dates (finding 1)', () => {
  it.each(['2025-99-99', '2025-02-30', '2025-13-01', '2025-03-11T25:00:00Z', 'next Tuesday'])(
    'a JSON publishedAt of "%s" is ignored with a warning; the date falls back to mtime',
    (bad) => {
      const parsed = json([{ title: 'A paper', abstract: 'Text.', publishedAt: bad }]);
      expect(parsed).toMatchObject({ date: '2025-03-11', dateSource: 'mtime' });
      expect(parsed.papers[0]?.publishedAt).toBeUndefined();
      warned(parsed, /item 0: published date ".*" (is not|is an?|is not an)/);
    },
  );

  it('a valid date of another paper in the same file still dates the digest', () => {
    const parsed = json([
      { title: 'Bad', abstract: 'Text.', publishedAt: '2025-99-99' },
      { title: 'Good', abstract: 'Text.', publishedAt: '2025-03-10T10:00:00Z' },
    ]);
    expect(parsed).toMatchObject({ date: '2025-03-10', dateSource: 'content' });
  });

  it('the Hugging Face shape, Atom and RSS check their dates the same way', () => {
    const hf = json([
      { paper: { id: '2403.05530', title: 'T', summary: 'S.' }, publishedAt: '2025-02-30T10:00:00Z' },
    ]);
    expect(hf).toMatchObject({ format: 'hf-json', dateSource: 'mtime' });
    const feed = atom(
      '<entry><title>T</title><summary>S.</summary><published>2025-02-30T00:00:00Z</published></entry>',
    );
    expect(feed).toMatchObject({ format: 'atom', dateSource: 'mtime' });
    // Date.parse would read this as March 2.
    const items = rss(
      '<item><title>T</title><description>S.</description><pubDate>Sun, 30 Feb 2025 00:00:00 GMT</pubDate></item>',
    );
    expect(items).toMatchObject({ format: 'rss', dateSource: 'mtime' });
    expect(items.papers[0]?.publishedAt).toBeUndefined();
  });

  it('a text digest date line with an impossible day is ignored', () => {
    const parsed = parseDigest({
      text: 'Feb 30, 2025\n\nTitle\n\nAn abstract. It has text.\n',
      fileName: 'x.txt',
      mtime,
      now,
    });
    expect(parsed).toMatchObject({ date: '2025-03-11', dateSource: 'mtime' });
    warned(parsed, /no such date 2025-02-30/);
  });

  it('keeps good dates exactly as before', () => {
    expect(
      json([{ title: 'T', abstract: 'S.', publishedAt: '2025-03-10T10:00:00.000Z' }]).papers[0]?.publishedAt,
    ).toBe('2025-03-10T10:00:00.000Z');
    const items = rss(
      '<item><title>T</title><description>S.</description><pubDate>Mon, 10 Mar 2025 00:00:00 -0400</pubDate></item>',
    );
    expect(items.papers[0]?.publishedAt).toBe('2025-03-10T04:00:00.000Z');
    expect(items.date).toBe('2025-03-10');
  });
});

describe('future dates are refused (finding 3)', () => {
  it('a content date of 2999-01-01 is ignored with a warning, in every format', () => {
    for (const parsed of [
      json([{ title: 'T', abstract: 'S.', publishedAt: '2999-01-01' }]),
      atom('<entry><title>T</title><summary>S.</summary><published>2999-01-01T00:00:00Z</published></entry>'),
      rss(
        '<item><title>T</title><description>S.</description><pubDate>Tue, 01 Jan 2999 00:00:00 GMT</pubDate></item>',
      ),
    ]) {
      expect(parsed).toMatchObject({ date: '2025-03-11', dateSource: 'mtime' });
      warned(parsed, /in the future/);
    }
    // A text digest keeps the month and day of its date line and takes the year from mtime.
    const text = parseDigest({
      text: 'Jan 1, 2999\n\nTitle\n\nAn abstract. It has text.\n',
      fileName: 'x.txt',
      mtime,
      now,
    });
    expect(text).toMatchObject({ date: '2025-01-01', dateSource: 'mtime-year' });
    warned(text, /date 2999-01-01 is in the future; ignored/);
  });

  it('a file name date in the future is ignored too', () => {
    const parsed = parseDigest({
      text: 'Title\n\nAn abstract. It has text.\n',
      fileName: '2999-01-01-x.txt',
      mtime,
      now,
    });
    expect(parsed).toMatchObject({ date: '2025-03-11', dateSource: 'mtime' });
    warned(parsed, /file name says 2999-01-01, which is in the future/);
  });

  it('allows one day of skew (a digest written in UTC+14), and no more', () => {
    expect(latestAcceptedDate(now)).toBe('2025-03-13');
    expect(json([{ title: 'T', abstract: 'S.', publishedAt: '2025-03-13' }]).date).toBe('2025-03-13');
    expect(json([{ title: 'T', abstract: 'S.', publishedAt: '2025-03-14' }]).date).toBe('2025-03-11');
  });

  it('a modification time in the future falls back to the current time', () => {
    const parsed = parseDigest({
      text: 'Title\n\nAn abstract. It has text.\n',
      fileName: 'x.txt',
      mtime: new Date('2999-01-01T00:00:00Z'),
      now,
    });
    expect(parsed).toMatchObject({ date: '2025-03-12', dateSource: 'mtime' });
    warned(parsed, /modified in the future/);
  });
});

describe('readContentDate', () => {
  it.each([
    ['2025-03-11', '2025-03-11', '2025-03-11T00:00:00.000Z'],
    ['2025-03-11T23:30:00-05:00', '2025-03-11', '2025-03-12T04:30:00.000Z'],
    ['2025-03-11 10:00', '2025-03-11', '2025-03-11T10:00:00.000Z'],
    ['2025-03-11T10:00:00.123+0530', '2025-03-11', '2025-03-11T04:30:00.123Z'],
    ['Tue, 11 Mar 2025 10:00:00 GMT', '2025-03-11', '2025-03-11T10:00:00.000Z'],
    ['11 Mar 2025 10:00 +0100', '2025-03-11', '2025-03-11T09:00:00.000Z'],
  ])('reads %s', (value, day, utc) => {
    expect(readContentDate(value, now)).toEqual({ day, utc });
  });

  it.each([
    ['2025-02-29', 'is not a real date'],
    ['2024-02-30T00:00:00Z', 'is not a real date'],
    ['2025-03-11T24:00:00Z', 'is not a real time'],
    ['31 Apr 2025 00:00 GMT', 'is not a real date'],
    ['March 11, 2025', 'is not an ISO 8601 or RFC 822 date'],
    ['2025-03-11T10:00:00+99:99', 'is not a date'],
    [`2025-03-11${' '.repeat(100)}x`, 'is 111 characters long'],
  ])('refuses %s', (value, problem) => {
    expect(readContentDate(value, now)).toEqual({ problem });
  });

  it('shares the calendar check with file names', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-99-99')).toBe(false);
  });
});

describe('patterns on untrusted text are linear (finding 2)', () => {
  // Each input is about 1 MB. The quadratic patterns took 1.3 s for 40 KB and would take about
  // 20 minutes here; the vitest timeout ends the test long before. `npm run bench:ingest-hostile`
  // prints the times.
  const mb = 1_000_000;
  const cases = adversarialDigests(mb);

  it.each(Object.entries(cases))(
    '%s',
    (_name, text) => {
      expect(text.length).toBeGreaterThan(mb * 0.9);
      try {
        const parsed = parseDigest({ text, fileName: 'hostile', now });
        expect(parsed.papers.length).toBeGreaterThan(0);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
      }
    },
    10_000,
  );

  it('extractArxivId keeps finding real ids', () => {
    expect(extractArxivId('https://arxiv.org/abs/2403.01234v2')).toBe('2403.01234');
    expect(extractArxivId('arXiv:1706.03762')).toBe('1706.03762');
    expect(extractArxivId('http://arxiv.org/abs/hep-th/9901001v1')).toBe('hep-th/9901001');
    expect(extractArxivId('math.GT/0309136')).toBe('math.GT/0309136');
    expect(extractArxivId('oai:arXiv.org:2403.05555v1')).toBe('2403.05555');
    expect(extractArxivId(`${'a-'.repeat(200_000)}hep-th/9901001`)).toBeUndefined();
  });
});

describe('limits on each field', () => {
  it('cuts a megabyte title and abstract, and says so', () => {
    const parsed = json([{ title: 'T'.repeat(1_000_000), abstract: 'word '.repeat(200_000) }]);
    expect(parsed.papers[0]?.title.length).toBe(1_000);
    expect(parsed.papers[0]?.abstract.length).toBeLessThanOrEqual(20_000);
    warned(parsed, /item 0: title is 1,000,000 characters long; kept the first 1,000/);
  });

  it('ignores a URL longer than 2,048 characters', () => {
    const parsed = json([{ title: 'T', abstract: 'S.', url: `https://example.org/${'x'.repeat(5000)}` }]);
    expect(parsed.papers[0]?.url).toBeUndefined();
  });

  it('keeps at most 100 warnings and counts the rest', () => {
    const parsed = json([{ title: 'T', abstract: 'S.' }, ...Array.from({ length: 5000 }, () => 42)]);
    expect(parsed.warnings).toHaveLength(101);
    expect(parsed.warnings.at(-1)?.message).toBe('4,900 more warnings not shown');
  });
});

describe('hostile XML (findings 4, 9, 13)', () => {
  it('never resolves an external entity: the file is DIGEST_MALFORMED', () => {
    for (const doctype of [
      '<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE feed [<!ENTITY x PUBLIC "-//x//EN" "file:///etc/passwd">]>',
      '<!DOCTYPE feed [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    ]) {
      const error = appError(() =>
        xml(
          `<?xml version="1.0"?>${doctype}<feed><entry><title>&x;</title><summary>s</summary></entry></feed>`,
        ),
      );
      expect(error.code).toBe('DIGEST_MALFORMED');
      expect(error.message).not.toMatch(/root:/);
    }
  });

  it('an entity over 10,000 characters is DIGEST_MALFORMED', () => {
    const error = appError(() =>
      xml(
        `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY big "${'x'.repeat(20_000)}">]><feed><entry><title>&big;</title></entry></feed>`,
      ),
    );
    expect(error).toMatchObject({ code: 'DIGEST_MALFORMED' });
    expect(error.message).toMatch(/exceeds maximum allowed size/);
  });

  it('a "billion laughs" file stays small', () => {
    let entities = '<!ENTITY l0 "lol">';
    for (let i = 1; i < 10; i++) entities += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
    const text = `<?xml version="1.0"?><!DOCTYPE feed [${entities}]><feed><entry><title>&l9;</title><summary>s</summary></entry></feed>`;
    try {
      expect(xml(text).papers[0]?.title.length ?? 0).toBeLessThan(1_000_000);
    } catch (error) {
      expect(error).toMatchObject({ code: 'DIGEST_MALFORMED' });
    }
  });

  it('keeps a DOCTYPE that declares nothing, as old RSS 0.91 feeds have', () => {
    const parsed = xml(
      '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss><channel><item><title>T</title><description>S.</description></item></channel></rss>',
    );
    expect(parsed.papers).toHaveLength(1);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'an element or attribute named %s is just ignored',
    (name) => {
      const parsed = atom(
        `<${name}>x</${name}><entry ${name}="y"><${name}><polluted>1</polluted></${name}><title>T</title><summary>S.</summary></entry>`,
      );
      expect(parsed.papers.map((p) => p.title)).toEqual(['T']);
      const items = rss(
        `<${name}>x</${name}><item><title>T</title><description>S.</description><${name}/></item>`,
      );
      expect(items.papers).toHaveLength(1);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // As the root element, it is neither Atom nor RSS: an ordinary per-file error.
      expect(appError(() => xml(`<${name}><entry><title>T</title></entry></${name}>`)).code).toBe(
        'DIGEST_MALFORMED',
      );
    },
  );

  it('JSON keys named __proto__ pollute nothing', () => {
    const parsed = parseDigest({
      text: '[{"title":"T","abstract":"S.","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}]',
      fileName: 'p.json',
      now,
    });
    expect(parsed.papers).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a LaTeX command named like an Object property is left as written', () => {
    // `\_` is LaTeX's escaped underscore, so `\__proto__` reads as "__proto__"; nothing is looked up.
    expect(cleanText('$\\constructor x$ and {\\toString} and \\__proto__')).toBe(
      'constructor x and {\\toString} and __proto__',
    );
  });

  it('a 75 KB broken XML file gives a short message (finding 13)', () => {
    for (const text of [
      `<feed>${'<a>'.repeat(25_000)}`,
      `<feed><${'a'.repeat(75_000)}>`,
      `<feed><a ${'x'.repeat(75_000)}></a></feed>`,
    ]) {
      const error = appError(() => xml(text));
      expect(error.code).toBe('DIGEST_MALFORMED');
      expect(error.message.length).toBeLessThan(500);
    }
  });

  it('parses titles and ids as text, never as numbers', () => {
    const parsed = atom('<entry><id>2403.01230</id><title>1e5</title><summary>S.</summary></entry>');
    expect(parsed.papers[0]).toMatchObject({ title: '1e5', arxivId: '2403.01230' });
  });
});

describe('papers with non-Latin titles keep distinct ids (finding 7)', () => {
  it('keeps letters of every script', () => {
    const parsed = json([
      { title: '深度学习的新方法', abstract: 'a' },
      { title: '强化学习综述', abstract: 'b' },
      { title: 'Обучение с подкреплением', abstract: 'c' },
      { title: 'التعلم العميق', abstract: 'd' },
      { title: 'गहन अधिगम', abstract: 'e' },
    ]);
    expect(parsed.papers.map((p) => p.id)).toEqual([
      'title:深度学习的新方法',
      'title:强化学习综述',
      'title:обучение-с-подкреплением',
      'title:التعلم-العميق',
      'title:गहन-अधिगम',
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('keys a title without any letter or digit by a hash of its text', () => {
    expect(titleKey('🤖🧠')).toMatch(/^hash-[0-9a-f]{16}$/);
    expect(titleKey('🤖🧠')).not.toBe(titleKey('🧠🤖'));
    expect(titleKey('  🤖🧠 ')).toBe(titleKey('🤖🧠'));
  });

  it('leaves Latin keys as they were', () => {
    expect(titleKey('Café: A Study of Naïve Bayes (2nd ed.)')).toBe('cafe-a-study-of-naive-bayes-2nd-ed');
    expect(titleKey('The Reversal Curse: LLMs trained on "A is B"')).toBe(
      'the-reversal-curse-llms-trained-on-a-is-b',
    );
  });
});
