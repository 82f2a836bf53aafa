import { generateKeyPairSync } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildRawMessage, type ComposeMessageInput, composeMessage } from '../../src/mail/compose-message.ts';

const token = `v1.${'a'.repeat(60)}.${'b'.repeat(43)}`;
const input: ComposeMessageInput = {
  from: 'Paperboy <paperboy@paperboy.example>',
  replyTo: 'editor@paperboy.example',
  to: 'ada@example.org',
  subject: '5 new papers on conformal prediction, RLHF · Mar 11',
  html: '<!doctype html><html lang="en"><body><p>Hello 3&lt;z&lt;10</p></body></html>',
  text: 'Hello 3<z<10\n\nUnsubscribe: https://paperboy.example/unsubscribe/TOKEN\n',
  date: new Date('2024-03-11T06:00:00Z'),
  messageId: '<2024-03-11.42@paperboy.example>',
  listId: 'daily.paperboy.example',
  listName: 'Paperboy',
  unsubscribeUrl: `https://paperboy.example/unsubscribe/${token}`,
  unsubscribeMailto: 'unsubscribe@paperboy.example',
};

function headerLines(raw: string): string[] {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  return head.split('\r\n');
}

describe('composeMessage + buildRawMessage', () => {
  it('carries every header the sender adds, and they survive a parse', async () => {
    const raw = await buildRawMessage(composeMessage(input));
    const mail = await simpleParser(raw);
    expect(mail.from?.value).toEqual([{ name: 'Paperboy', address: 'paperboy@paperboy.example' }]);
    expect(mail.replyTo?.text).toBe('editor@paperboy.example');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('ada@example.org');
    expect(mail.subject).toBe(input.subject);
    expect(mail.date?.toISOString()).toBe('2024-03-11T06:00:00.000Z');
    expect(mail.messageId).toBe(input.messageId);
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(
      `List-Unsubscribe: <${input.unsubscribeUrl}>, <mailto:unsubscribe@paperboy.example?subject=unsubscribe>`,
    );
    expect(mail.headerLines.find((h) => h.key === 'list-id')?.line).toBe(
      'List-ID: "Paperboy" <daily.paperboy.example>',
    );
    expect(mail.text).toBe(input.text);
    expect(mail.html).toContain('Hello 3&lt;z&lt;10');
    expect(
      String(
        mail.headers.get('content-type') && (mail.headers.get('content-type') as { value: string }).value,
      ),
    ).toBe('multipart/alternative');
  });

  it('keeps List-Unsubscribe on one unfolded line', async () => {
    const raw = (await buildRawMessage(composeMessage(input))).toString('utf8');
    const line = headerLines(raw).find((l) => l.startsWith('List-Unsubscribe:'));
    expect(line).toBe(
      `List-Unsubscribe: <${input.unsubscribeUrl}>, <mailto:unsubscribe@paperboy.example?subject=unsubscribe>`,
    );
    expect(headerLines(raw).filter((l) => /^list-unsubscribe:/i.test(l))).toHaveLength(1);
  });

  it('offers only the https method without an unsubscribe mailbox', () => {
    const { unsubscribeMailto: _none, ...rest } = input;
    const headers = composeMessage(rest).headers as Record<string, { value: string }>;
    expect(headers['List-Unsubscribe']?.value).toBe(`<${input.unsubscribeUrl}>`);
  });

  it('is byte-for-byte stable for the same message', async () => {
    const first = await buildRawMessage(composeMessage(input));
    const second = await buildRawMessage(composeMessage(input));
    expect(first.equals(second)).toBe(true);
  });

  it('encodes a non-ASCII subject and list name', async () => {
    const mail = await simpleParser(
      await buildRawMessage(composeMessage({ ...input, subject: 'Réseaux · Mar 11', listName: 'Le Pâpier' })),
    );
    expect(mail.subject).toBe('Réseaux · Mar 11');
    // mailparser leaves encoded words in List-Id undecoded; the header itself is RFC 2047 + RFC 2919.
    const listId = mail.headers.get('list') as { id: { name: string; id: string } };
    expect(listId.id.id).toBe('daily.paperboy.example');
    expect(listId.id.name).toBe(`=?UTF-8?B?${Buffer.from('Le Pâpier').toString('base64')}?=`);
  });

  it('signs with DKIM when the options carry a key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const dkim = {
      domainName: 'paperboy.example',
      keySelector: 'mail',
      privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    };
    const raw = (await buildRawMessage(composeMessage({ ...input, dkim }))).toString('utf8');
    expect(raw).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=paperboy.example;/);
    expect(raw).toMatch(/h=[^;]*List-Unsubscribe/i);
  });
});
