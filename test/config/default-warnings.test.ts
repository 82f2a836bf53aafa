import { describe, expect, it } from 'vitest';
import { isRemoteRelay, listDefaultWarnings, loadConfig } from '../../src/config/index.ts';

const variables = (env: Record<string, string>) =>
  listDefaultWarnings(loadConfig({ SECRET: 'a-secret-of-sixteen-chars', ...env })).map((w) => w.variable);

describe('warnings about example values at start', () => {
  it('says nothing in development with the built-in mail catcher or a relay on this machine', () => {
    expect(variables({})).toEqual([]);
    expect(variables({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toEqual([]);
    expect(variables({ SMTP_URL: 'smtp://localhost:1025' })).toEqual([]);
    expect(variables({ SMTP_URL: 'smtp://[::1]:25' })).toEqual([]);
  });

  it('names the example postal address in production or when mail goes to a real relay', () => {
    expect(variables({ NODE_ENV: 'production' })).toEqual(['POSTAL_ADDRESS']);
    const [postal] = listDefaultWarnings(
      loadConfig({ SMTP_URL: 'smtps://smtp.example.org:465', MAIL_FROM: 'News <news@example.org>' }),
    );
    expect(postal).toEqual({
      variable: 'POSTAL_ADDRESS',
      message: expect.stringMatching(
        /^POSTAL_ADDRESS is still the example ".+Example City": .* Set POSTAL_ADDRESS\.$/,
      ),
    });
    expect(variables({ NODE_ENV: 'production', POSTAL_ADDRESS: 'Lab, 2 Real Road, 12345 Town' })).toEqual([]);
  });

  it('names a sender at @localhost when SMTP_URL is a real relay', () => {
    const warnings = listDefaultWarnings(
      loadConfig({ SMTP_URL: 'smtp://smtp.example.org:587', POSTAL_ADDRESS: 'Lab, 2 Real Road' }),
    );
    expect(warnings).toEqual([
      {
        variable: 'MAIL_FROM',
        message:
          'MAIL_FROM is "Paperboy <paperboy@localhost>" while SMTP_URL is a real relay (smtp.example.org): receivers reject or file as spam mail from @localhost. Set MAIL_FROM to an address of your own domain.',
      },
    ]);
    expect(
      variables({ SMTP_URL: 'smtp://smtp.example.org', MAIL_FROM: 'a@example.org', POSTAL_ADDRESS: 'x' }),
    ).toEqual([]);
  });

  it('tells a relay on this machine from one elsewhere', () => {
    expect(isRemoteRelay(undefined)).toBe(false);
    expect(isRemoteRelay('smtp://127.0.0.53:25')).toBe(false);
    expect(isRemoteRelay('smtp://mail.localhost:25')).toBe(false);
    expect(isRemoteRelay('smtp://user:pass@smtp.eu.example.com:587')).toBe(true);
    expect(isRemoteRelay('smtp://10.0.0.5:25')).toBe(true);
  });
});
