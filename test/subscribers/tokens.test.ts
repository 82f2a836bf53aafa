import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKeyId, listVerificationKeys, signToken, verifyToken } from '../../src/subscribers/index.ts';

const oldKey = 'old-secret-0123456789abcdef';
const newKey = 'new-secret-0123456789abcdef';
const now = new Date('2025-03-11T09:00:00Z');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('signed links', () => {
  it('name the key that signed them', () => {
    const token = signToken(newKey, { purpose: 'manage', subject: 'abc' });
    expect(token.split('.')).toHaveLength(5);
    expect(token.split('.')[3]).toBe(deriveKeyId(newKey));
    expect(deriveKeyId(newKey)).not.toBe(deriveKeyId(oldKey));
    expect(token).not.toContain(newKey);
  });

  it('keep working across a rotation while SECRET_PREVIOUS holds the old key, and not after', () => {
    const old = signToken(oldKey, { purpose: 'unsubscribe', subject: 'abc' });
    const keys = listVerificationKeys({ SECRET: newKey, SECRET_PREVIOUS: oldKey });
    expect(keys).toEqual([newKey, oldKey]);
    expect(verifyToken(keys, old, 'unsubscribe', now)).toEqual({ purpose: 'unsubscribe', subject: 'abc' });
    expect(
      verifyToken(keys, signToken(newKey, { purpose: 'unsubscribe', subject: 'abc' }), 'unsubscribe', now),
    ).toMatchObject({ subject: 'abc' });
    // Grace period over: SECRET_PREVIOUS removed.
    expect(codeOf(() => verifyToken(listVerificationKeys({ SECRET: newKey }), old, 'unsubscribe', now))).toBe(
      'TOKEN_INVALID',
    );
  });

  it('accept links from before key ids (in emails already sent) with either key', () => {
    const payload = 'unsubscribe.abc.0';
    const legacy = `${payload}.${createHmac('sha256', oldKey).update(payload).digest('base64url')}`;
    expect(verifyToken([newKey, oldKey], legacy, 'unsubscribe', now)).toMatchObject({ subject: 'abc' });
    expect(codeOf(() => verifyToken([newKey], legacy, 'unsubscribe', now))).toBe('TOKEN_INVALID');
  });

  it('refuse a token whose key id was swapped, even for a key that is accepted', () => {
    const token = signToken(oldKey, { purpose: 'manage', subject: 'abc' });
    const parts = token.split('.');
    parts[3] = deriveKeyId(newKey);
    expect(codeOf(() => verifyToken([newKey, oldKey], parts.join('.'), 'manage', now))).toBe('TOKEN_INVALID');
    // Dropping the key id does not turn it into a valid legacy token either.
    parts.splice(3, 1);
    expect(codeOf(() => verifyToken([newKey, oldKey], parts.join('.'), 'manage', now))).toBe('TOKEN_INVALID');
  });

  it('expire (TOKEN_EXPIRED) after their time', () => {
    const token = signToken(newKey, { purpose: 'confirm', subject: 'abc', expiresAt: now.getTime() + 1000 });
    expect(verifyToken([newKey], token, 'confirm', now)).toMatchObject({ expiresAt: now.getTime() + 1000 });
    expect(codeOf(() => verifyToken([newKey], token, 'confirm', new Date(now.getTime() + 2000)))).toBe(
      'TOKEN_EXPIRED',
    );
  });
});
