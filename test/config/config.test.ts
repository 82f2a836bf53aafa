import { describe, expect, it } from 'vitest';
import { developmentSecret, isLocalUrl, isLoopbackHost, loadConfig } from '../../src/config/index.ts';
import { runCaptured } from '../helpers/run-captured.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as { details?: { problems?: string[] } }).details?.problems ?? [String(error)];
  }
}

describe('the development SECRET', () => {
  it('is fine while the app listens on loopback and its links point at localhost', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ HOST: 'localhost', PUBLIC_URL: 'http://127.0.0.1:8080' })).toEqual([]);
    expect(loadConfig({}).SECRET).toBe(developmentSecret);
  });

  it.each([
    ['HOST on every interface', { HOST: '0.0.0.0' }, 'HOST is 0.0.0.0, not a loopback address'],
    ['HOST on every IPv6 interface', { HOST: '::' }, 'HOST is ::, not a loopback address'],
    [
      'a public PUBLIC_URL',
      { PUBLIC_URL: 'https://news.example.org' },
      'PUBLIC_URL is https://news.example.org',
    ],
    [
      'the published value set explicitly',
      { SECRET: developmentSecret, PUBLIC_URL: 'https://news.example.org' },
      'not localhost',
    ],
  ])('refuses to start with %s, whatever NODE_ENV says', (_label, env, reason) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SECRET: set a long random value/);
    expect(problems[0]).toContain(reason);
    expect(problems[0]).toContain('anyone could forge confirm, preferences and unsubscribe links');
  });

  it('refuses the development secret as SECRET_PREVIOUS once published, and in production at all', () => {
    expect(
      problemsOf({ SECRET: 'a-real-secret-0123456789', SECRET_PREVIOUS: developmentSecret, HOST: '0.0.0.0' }),
    ).toEqual([expect.stringMatching(/^SECRET_PREVIOUS: must not be the development secret/)]);
    expect(problemsOf({ NODE_ENV: 'production', SECRET: developmentSecret })).toEqual([
      'SECRET: is required when NODE_ENV=production',
    ]);
    expect(problemsOf({ SECRET: 'a-real-secret-0123456789', HOST: '0.0.0.0' })).toEqual([]);
    expect(problemsOf({ SECRET: 'a-real-secret-0123456789', SECRET_PREVIOUS: 'short' })).toEqual([
      'SECRET_PREVIOUS: must be at least 16 characters',
    ]);
  });

  it('stops `paperboy serve` with exit 1 and the reason', async () => {
    const { code, err } = await runCaptured(['serve'], { HOST: '0.0.0.0', LOG_LEVEL: 'silent' });
    expect(code).toBe(1);
    expect(err).toContain('SECRET: set a long random value');
  });
});

describe('loopback names', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['app.localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['localhost.example.org', false],
    ['127.0.0.1.nip.io', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('tells local URLs from published ones', () => {
    expect(isLocalUrl('http://localhost:8080')).toBe(true);
    expect(isLocalUrl('http://[::1]:8080/x')).toBe(true);
    expect(isLocalUrl('https://news.example.org')).toBe(false);
    expect(isLocalUrl('not a url')).toBe(false);
  });
});
