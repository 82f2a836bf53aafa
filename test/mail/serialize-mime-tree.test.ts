import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { composeMessage } from '../../src/mail/compose-message.ts';
import { serializeMimeTree } from '../../src/mail/serialize-mime-tree.ts';

/** Deterministic pseudo-random text: ASCII, accents, quotes, emoji, long and short lines, CR, LF. */
function makeText(seed: number, length: number, alphabet: string[]): string {
  let state = seed;
  let out = '';
  while (out.length < length) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

const ascii = ['a', 'b', 'c', ' ', 'Paper', '.', '\n', '<p>', '</p>', 'https://paperboy.example/x'];
const rich = [...ascii, 'é', '“', '”', '–', '🚀', '\r\n', 'x'.repeat(90)];

const base = {
  from: 'Paperboy <paperboy@paperboy.example>',
  to: 'ada@example.org',
  date: new Date('2024-03-11T06:00:00Z'),
  messageId: '<2024-03-11.42@paperboy.example>',
  listId: 'daily.paperboy.example',
  listName: 'Paperboy',
  unsubscribeUrl: 'https://paperboy.example/unsubscribe/abc',
};

async function bothWays(options: ReturnType<typeof composeMessage>): Promise<[Buffer | undefined, Buffer]> {
  const fast = serializeMimeTree(new MailComposer(options).compile());
  const streamed = await new MailComposer(options).compile().build();
  return [fast, streamed];
}

describe('serializeMimeTree', () => {
  it('gives the same bytes as nodemailer for text and HTML of every shape', async () => {
    // Sizes around the 57-byte base64 line (76 characters), so a body that fills its last line exactly is covered.
    const sizes = [0, 1, 56, 57, 58, 75, 76, 77, 114, 1000, 60_000];
    let compared = 0;
    for (const [i, size] of sizes.entries()) {
      for (const [alphabet, textEncoding] of [
        [ascii, undefined],
        [rich, 'base64'],
        [ascii, 'base64'],
      ] as const) {
        const options = {
          ...composeMessage({
            ...base,
            subject: makeText(i, 40 + size / 100, alphabet),
            html: makeText(i + 1, size, alphabet),
            text: makeText(i + 2, size, alphabet),
          }),
          ...(textEncoding ? { textEncoding } : {}),
        };
        const [fast, streamed] = await bothWays(options);
        if (!fast) continue;
        expect(fast.toString('latin1')).toBe(streamed.toString('latin1'));
        compared++;
      }
    }
    // Most shapes take the fast path; the rest (quoted-printable) fall back.
    expect(compared).toBeGreaterThan(sizes.length * 2);
  });

  it('leaves quoted-printable and streamed content to nodemailer', async () => {
    const qp = composeMessage({
      ...base,
      subject: 'Hi',
      html: `<p>Café ${'x'.repeat(10)}</p>`,
      text: 'Café',
    });
    expect(serializeMimeTree(new MailComposer(qp).compile())).toBeUndefined();
    const { Readable } = await import('node:stream');
    const streamed = { ...base, subject: 'Hi', text: Readable.from(['a']) };
    expect(serializeMimeTree(new MailComposer(streamed).compile())).toBeUndefined();
  });
});
