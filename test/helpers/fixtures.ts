import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const samplePath = join(repoRoot, 'seeds', 'daily-papers-mar-11.txt');
export const digestFixtures = join(repoRoot, 'test', 'fixtures', 'digests');

export function readDigestFixture(name: string): Buffer {
  return readFileSync(join(digestFixtures, name));
}
