/**
 * Digests built to make a parser's regular expressions backtrack, one or more per format, of about
 * `size` characters each. The unbounded patterns of before issue 19 were quadratic on these (the
 * "a-a-a-…" URL took 36 s at 160 KB); linear parsing keeps each under a second at 1 MB. Used by the
 * tests (test/digest/hostile-digest.test.ts) and by `npm run bench:ingest-hostile`.
 */
export function adversarialDigests(size: number): Record<string, string> {
  const n = (unit: string) => Math.floor(size / unit.length);
  return {
    'JSON url "a-a-a-…"': JSON.stringify([{ title: 'T', abstract: 'S.', url: 'a-'.repeat(n('a-')) }]),
    'JSON arxivId of digits and dots': JSON.stringify([
      { title: 'T', abstract: 'S.', arxivId: '1234.'.repeat(n('1234.')) },
    ]),
    'HF JSON id "a-a-a-…"': JSON.stringify([
      { paper: { id: 'a-'.repeat(n('a-')), title: 'T', summary: 'S.' } },
    ]),
    'JSON abstract of LaTeX openers': JSON.stringify([{ title: 'T', abstract: '{\\a'.repeat(n('{\\a')) }]),
    'JSON abstract of dollars': JSON.stringify([{ title: 'T', abstract: '$a '.repeat(n('$a ')) }]),
    'JSON title of \\textbf{': JSON.stringify([
      { title: '\\textbf{'.repeat(n('\\textbf{')), abstract: 'S.' },
    ]),
    'Atom id and link "a-a-a-…"': `<feed><entry><id>${'a-'.repeat(n('a-') / 2)}</id><title>T</title><summary>S.</summary><link rel="alternate" href="${'a-'.repeat(n('a-') / 2)}"/></entry></feed>`,
    'RSS creator of spaces': `<rss><channel><item><title>T</title><description>S.</description><creator>a${' '.repeat(size)}b</creator></item></channel></rss>`,
    'RSS description without "Abstract:"': `<rss><channel><item><title>T</title><description>${'Abstract '.repeat(n('Abstract '))}</description></item></channel></rss>`,
    'RSS guid "a-a-a-…"': `<rss><channel><item><title>T</title><description>S.</description><guid>${'a-'.repeat(n('a-'))}</guid></item></channel></rss>`,
    'text date-like first line': `${'jan'.repeat(n('jan'))}\n\nTitle\n\nAn abstract. It has text.\n`,
    'text paragraph of ". " runs': `Title\n\n${'.           '.repeat(n('.           '))}A\n`,
    'text one huge line': `Title\n\n${'word '.repeat(n('word '))}\n`,
  };
}
