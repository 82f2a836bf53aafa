import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../src/digest/index.ts';
import { AppError } from '../../src/errors/index.ts';
import { readDigestFixture, samplePath } from '../helpers/fixtures.ts';

/** Deterministic PRNG so a failure can be replayed from its seed. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parseOrAppError(bytes: Uint8Array, fileName: string): void {
  try {
    const parsed = parseDigest({
      bytes,
      fileName,
      mtime: new Date('2025-01-01'),
      now: new Date('2025-01-01'),
    });
    expect(parsed.papers.length).toBeGreaterThan(0);
    for (const p of parsed.papers) expect(p.title.length).toBeGreaterThan(0);
  } catch (error) {
    if (!(error instanceof AppError))
      throw new Error(`non-AppError thrown for ${fileName}: ${String(error)}`);
    expect(error.code).toMatch(/^DIGEST_/);
  }
}

describe('parseDigest fuzzing', () => {
  const sample = readFileSync(samplePath);
  const seeds = ['papers.json', 'hf-daily.json', 'arxiv-atom.xml', 'arxiv-rss.xml'].map(readDigestFixture);

  it('random bytes never throw anything but AppError', () => {
    const random = mulberry32(1);
    for (let i = 0; i < 300; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 2000));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      parseOrAppError(bytes, `random-${i}.txt`);
    }
  });

  it('random printable text never throws anything but AppError', () => {
    const random = mulberry32(2);
    const alphabet = 'ab \n\n\r\t{}[]<>"$\\:,.0123456789Mar 11\u00e9\ufeff';
    for (let i = 0; i < 300; i++) {
      const text = Array.from(
        { length: Math.floor(random() * 1500) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      parseOrAppError(new TextEncoder().encode(text), `text-${i}.txt`);
    }
  });

  it('random truncations and corruptions of real digests never throw anything but AppError', () => {
    const random = mulberry32(3);
    for (const [index, source] of [sample, ...seeds].entries()) {
      for (let i = 0; i < 60; i++) {
        const cut = source.subarray(0, Math.floor(random() * source.length));
        const bytes = Buffer.from(cut);
        for (let k = 0; k < 3 && bytes.length > 0; k++)
          bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 128);
        parseOrAppError(cut, `cut-${index}-${i}`);
        parseOrAppError(bytes, `corrupt-${index}-${i}`);
      }
    }
  });

  it('pathological inputs finish (no catastrophic backtracking)', () => {
    const dollars = `Title\n\n${'$a '.repeat(20_000)}.\n`;
    const braces = `Title\n\n${'{\\phi}'.repeat(20_000)} end.\n`;
    const nested = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const blank = `${'\n'.repeat(100_000)}Title\n\nAbstract text.\n`;
    for (const text of [dollars, braces, nested, blank])
      parseOrAppError(new TextEncoder().encode(text), 'pathological.txt');
  });
});
