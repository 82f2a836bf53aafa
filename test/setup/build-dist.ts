import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../helpers/launch-chromium.ts';

const buildScript = fileURLToPath(new URL('../../scripts/build.js', import.meta.url));

/**
 * The end-to-end suites run the shipped `bin/paperboy.js`, which runs dist/: rebuild it first so they
 * never test yesterday's code (tsc is incremental, a few seconds when nothing changed). Chromium is
 * located here too, once, so that two workers never unpack the packaged build at the same time.
 */
export default async function buildDist(): Promise<void> {
  const built = spawnSync(process.execPath, [buildScript], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
  const chromium = await findChromium();
  console.log(`[e2e] browser tests use Chromium from ${chromium.source}: ${chromium.executablePath}`);
}
