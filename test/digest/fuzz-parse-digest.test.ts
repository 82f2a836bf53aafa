import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCalendarDate,
  latestAcceptedDate,
  type ParsedDigest,
  parseDigest,
} from '../../src/digest/index.ts';
import { AppError } from '../../src/errors/index.ts';
import { readDigestFixture, samplePath } from '../helpers/fixtures.ts';

// Property tests over every digest parser (text, JSON, Hugging Face JSON, Atom, RSS): whatever the
// input, the parser returns papers that respect the field limits and a checked date, or throws one
// AppError with a DIGEST_* code and a short message. Never anything else, never a hang.
// Bounded: a fixed seed (FUZZ_SEED replays another), a fixed number of runs per property
// (FUZZ_RUNS scales them), inputs of at most about 1 MB; the vitest timeout bounds the time.

const seed = Number(process.env.FUZZ_SEED ?? 19);
const scale = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => ({ seed, numRuns: Math.max(1, Math.round(n * scale)) });
const now = new Date('2025-03-12T09:00:00Z');
const mtime = new Date('2025-03-11T20:00:00Z');

function checkParsed(parsed: ParsedDigest): void {
  expect(parsed.papers.length).toBeGreaterThan(0);
  for (const p of parsed.papers) {
    expect(p.title.length).toBeGreaterThan(0);
    expect(p.title.length).toBeLessThanOrEqual(1_000);
    expect(p.abstract.length).toBeLessThanOrEqual(20_000);
    expect(p.id.length).toBeGreaterThan('title:'.length);
    expect(p.authors.length).toBeLessThanOrEqual(1_000);
    expect((p.url ?? '').length).toBeLessThanOrEqual(2_048);
  }
  if (parsed.date !== undefined) {
    expect(isCalendarDate(parsed.date)).toBe(true);
    expect(parsed.date <= latestAcceptedDate(now)).toBe(true);
  }
  expect(parsed.warnings.length).toBeLessThanOrEqual(101);
}

function checkError(error: unknown, fileName: string): void {
  if (!(error instanceof AppError)) throw new Error(`non-AppError for ${fileName}: ${String(error)}`);
  expect(error.code).toMatch(/^DIGEST_/);
  expect(error.message.length).toBeLessThan(fileName.length + 700);
}

/** Parses and checks the outcome; the input may be bytes or text. */
function parseChecked(input: { bytes?: Uint8Array; text?: string }, fileName: string): void {
  let parsed: ParsedDigest;
  try {
    parsed = parseDigest({ ...input, fileName, mtime, now });
  } catch (error) {
    checkError(error, fileName);
    return;
  } finally {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }
  checkParsed(parsed);
}

const textOf = (value: unknown) => ({ text: typeof value === 'string' ? value : JSON.stringify(value) });

// Strings that made (or could make) a regular expression backtrack, repeated up to about 1 MB.
const adversarialUnits = [
  'a-',
  '1234.',
  '0000.0000v',
  '{\\a',
  '\\textbf{',
  '$a ',
  '$',
  ' ',
  '\t\n',
  '. ',
  'jan',
  'Abstract',
  ', and ',
  '<totalResults',
  '<summary',
  '&amp;',
  'é\u0301',
  '深',
  '🤖',
];
const longStringUpTo = (maxChars: number) =>
  fc
    .tuple(
      fc.constantFrom(...adversarialUnits),
      fc.integer({ min: 1, max: maxChars }),
      fc.string({ maxLength: 5 }),
    )
    .map(
      ([unit, count, tail]) =>
        unit.repeat(Math.max(1, Math.floor(Math.min(count, maxChars) / unit.length))) + tail,
    );
/** Up to 1 MB, where one string is the whole input (JSON fields, text paragraphs). */
const longString = longStringUpTo(1_000_000);
const stringsWithLongOnes = (long: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 60, unit: 'grapheme' }) },
    { weight: 1, arbitrary: long },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '2025-99-99',
        '2025-02-30',
        '2999-01-01',
        'Sun, 30 Feb 2025 00:00:00 GMT',
        '2025-03-11T25:61:61+99:99',
        '',
        '   ',
        '__proto__',
        'constructor',
        'hep-th/9901001',
        'https://arxiv.org/abs/2403.01234v2',
      ),
    },
  );
const anyString = stringsWithLongOnes(longString);
/** XML documents hold many strings: each long one stays under 100 KB so a document stays near 1 MB. */
const xmlString = stringsWithLongOnes(longStringUpTo(100_000));
// A JSON value of the wrong type as often as the right one.
const anyValue = fc.oneof(anyString, fc.jsonValue({ maxDepth: 3 }), fc.constant(null));
const jsonItem = fc.record(
  {
    title: anyValue,
    abstract: anyValue,
    summary: anyValue,
    authors: fc.oneof(
      fc.array(fc.oneof(anyString, fc.record({ name: anyValue })), { maxLength: 5 }),
      anyValue,
    ),
    url: anyValue,
    arxivId: anyValue,
    id: anyValue,
    publishedAt: anyValue,
    categories: fc.oneof(fc.array(anyString, { maxLength: 5 }), anyValue),
    upvotes: anyValue,
    __proto__: anyValue,
  },
  { requiredKeys: [] },
);

describe('digest parsers under fuzzing', () => {
  const sample = readFileSync(samplePath);
  const fixtures = [
    sample,
    ...['papers.json', 'hf-daily.json', 'arxiv-atom.xml', 'arxiv-rss.xml'].map(readDigestFixture),
  ];

  it('random bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4_000 }),
        fc.constantFrom('r.txt', 'r.json', 'r.xml'),
        (bytes, name) => parseChecked({ bytes }, name),
      ),
      runs(300),
    );
  });

  it('random text in every format', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', '[', '{', '<', '<feed>', '<rss><channel>', '[{"title":'),
        fc.string({
          maxLength: 2_000,
          unit: fc.constantFrom(...'ab \n\r\t{}[]<>"$\\:,./0123456789Mar 11é\ufeff&;#!?'.split('')),
        }),
        (prefix, body) => parseChecked({ text: prefix + body }, 't'),
      ),
      runs(300),
    );
  });

  it('truncations and corruptions of real digests', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: fixtures.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
        (which, cut, flips) => {
          const source = fixtures[which] as Buffer;
          const bytes = Buffer.from(source.subarray(0, Math.floor(cut * source.length)));
          for (const [at, value] of flips) if (bytes.length > 0) bytes[Math.floor(at * bytes.length)] = value;
          parseChecked({ bytes }, `fixture-${which}`);
        },
      ),
      runs(300),
    );
  });

  it('JSON digests with wrong types and long strings in every field', () => {
    fc.assert(
      fc.property(fc.array(jsonItem, { maxLength: 6 }), fc.boolean(), (items, wrapped) =>
        parseChecked(textOf(wrapped ? { papers: items } : items), 'fuzz.json'),
      ),
      runs(150),
    );
  });

  it('Hugging Face JSON with wrong types and long strings', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ paper: fc.oneof(jsonItem, anyValue), publishedAt: anyValue }, { requiredKeys: [] }),
          {
            maxLength: 6,
          },
        ),
        (items) => parseChecked(textOf(items), 'fuzz-hf.json'),
      ),
      runs(150),
    );
  });

  it('JSON documents of any shape', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => parseChecked(textOf(value), 'any.json')),
      runs(200),
    );
  });

  // Hostile XML: reserved and odd names, entities and DOCTYPEs, deep nesting, long values.
  const xmlName = fc.constantFrom(
    'feed',
    'entry',
    'item',
    'title',
    'summary',
    'description',
    'id',
    'link',
    'author',
    'name',
    'creator',
    'category',
    'published',
    'pubDate',
    'guid',
    '__proto__',
    'constructor',
    'prototype',
    'hasOwnProperty',
    'toString',
    'valueOf',
    'dc:creator',
    'x:__proto__',
  );
  const xmlText = fc.oneof(
    xmlString.map((s) => s.replace(/[<&]/g, ' ')),
    fc.constantFrom(
      '&lt;',
      '&amp;',
      '&#x41;',
      '&#0;',
      '&#1114112;',
      '&bogus;',
      '&x;',
      '&lol9;',
      '<![CDATA[a<b]]>',
      '<!-- c -->',
      '<?pi x?>',
    ),
  );
  const xmlNode: fc.Memo<string> = fc.memo((depth) =>
    depth <= 1
      ? xmlText
      : fc.oneof(
          xmlText,
          fc
            .tuple(
              xmlName,
              fc.array(
                fc.tuple(
                  xmlName,
                  anyString.map((s) => s.replace(/["<&]/g, ' ')),
                ),
                { maxLength: 2 },
              ),
              fc.array(xmlNode(depth - 1), { maxLength: 4 }),
            )
            .map(([name, attrs, children]) => {
              const attributes = attrs.map(([a, v]) => ` ${a.replace(':', '')}="${v}"`).join('');
              return `<${name}${attributes}>${children.join('')}</${name}>`;
            }),
        ),
  );
  const doctype = fc.constantFrom(
    '',
    '<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE feed [<!ENTITY x PUBLIC "-//x//EN" "http://127.0.0.1:9/x">]>',
    '<!DOCTYPE feed [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    `<!DOCTYPE feed [<!ENTITY x "${'x'.repeat(20_000)}">]>`,
    `<!DOCTYPE feed [<!ENTITY l0 "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('')}]>`,
    '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">',
  );

  it('hostile Atom and RSS', () => {
    fc.assert(
      fc.property(
        doctype,
        fc.constantFrom('feed', 'rss', 'RDF', '__proto__'),
        fc.array(xmlNode(4), { maxLength: 4 }),
        (dtd, root, children) => {
          const body =
            root === 'rss'
              ? `<rss><channel>${children.join('')}</channel></rss>`
              : `<${root}>${children.join('')}</${root}>`;
          parseChecked({ text: `<?xml version="1.0"?>${dtd}${body}` }, 'fuzz.xml');
        },
      ),
      runs(200),
    );
  });

  it('deep nesting and long values in feeds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        longString,
        fc.constantFrom('atom', 'rss'),
        (depth, value, kind) => {
          const nested = `${'<a>'.repeat(depth)}${value.replace(/[<&]/g, ' ')}${'</a>'.repeat(depth)}`;
          const entry =
            kind === 'atom'
              ? `<feed><entry><id>${value.replace(/[<&]/g, ' ')}</id><title>T</title><summary>${nested}</summary></entry></feed>`
              : `<rss><channel><item><title>T</title><description>${value.replace(/[<&]/g, ' ')}</description><creator>${value.replace(/[<&]/g, ' ')}</creator><x>${nested}</x></item></channel></rss>`;
          parseChecked({ text: entry }, `deep.${kind}`);
        },
      ),
      runs(25),
    );
  });

  it('text digests with huge lines and adversarial paragraphs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(longString, fc.string({ maxLength: 200 })), { minLength: 1, maxLength: 6 }),
        (blocks) => parseChecked({ text: blocks.join('\n\n') }, 'fuzz.txt'),
      ),
      runs(40),
    );
  });
});
