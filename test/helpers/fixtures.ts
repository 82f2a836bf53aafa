import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedDigest, parseDigest } from '../../src/digest/index.ts';
import type { Store } from '../../src/store/index.ts';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const samplePath = join(repoRoot, 'seeds', 'daily-papers-mar-11.txt');
export const digestFixtures = join(repoRoot, 'test', 'fixtures', 'digests');

export function readDigestFixture(name: string): Buffer {
  return readFileSync(join(digestFixtures, name));
}

/** The sample digest (63 papers), parsed once per test file. */
export const sampleDigest: ParsedDigest = parseDigest({
  bytes: readFileSync(samplePath),
  fileName: 'daily-papers-mar-11.txt',
  mtime: new Date('2025-03-12T12:00:00Z'),
  now: new Date('2025-03-12T12:00:00Z'),
});

/** Stores the sample digest as the digest of `date`, so editions do not depend on file times. */
export async function ingestSampleDigest(store: Store, date: string, now: Date): Promise<void> {
  await store.papers.ingestDigest({
    path: samplePath,
    contentHash: `sample-${date}`,
    parsed: { ...sampleDigest, date, dateSource: 'filename' },
    now,
  });
}

/** Parses `papers` as a JSON digest of `date` and stores it, as a dropped file would be. */
export async function ingestJsonPapers(
  store: Store,
  date: string,
  papers: readonly Record<string, unknown>[],
  now: Date,
): Promise<void> {
  const parsed = parseDigest({
    bytes: Buffer.from(JSON.stringify(papers)),
    fileName: `${date}-papers.json`,
    mtime: new Date(`${date}T00:00:00Z`),
    now: new Date(`${date}T06:00:00Z`),
  });
  await store.papers.ingestDigest({
    path: `${date}-papers.json`,
    contentHash: `papers-${date}`,
    parsed,
    now,
  });
}
