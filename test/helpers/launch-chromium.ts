import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Where a Chromium came from, so a failing browser test can say which one it drove. */
export interface ChromiumBinary {
  executablePath: string;
  args: string[];
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

// The flags a headless Chromium needs on a closed, root-run CI machine: without the networking ones it
// retries Google's hosts on every start.
const baseArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

// @sparticuz/chromium targets AWS Lambda and its default flags weaken the page's security model; the tests
// check CSP and CORS behaviour, so those flags stay off, and one process per page keeps contexts apart.
const unwantedPackageArgs = new Set([
  '--single-process',
  '--no-zygote',
  '--disable-web-security',
  '--allow-running-insecure-content',
]);

const systemNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findSystemChromium(): string | undefined {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const name of systemNames)
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutable(path)) return path;
    }
  return undefined;
}

let resolved: Promise<ChromiumBinary> | undefined;

/**
 * Finds a Chromium without downloading anything: `CHROMIUM_PATH`, then a system Chromium, then the
 * build shipped inside the `@sparticuz/chromium` devDependency (unpacked to a temp folder on first use).
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  resolved ??= (async () => {
    const fromEnv = env.CHROMIUM_PATH;
    if (fromEnv) {
      if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
      return { executablePath: fromEnv, args: baseArgs, source: 'CHROMIUM_PATH' };
    }
    const system = env.PAPERBOY_TEST_NO_SYSTEM_CHROMIUM ? undefined : findSystemChromium();
    if (system) return { executablePath: system, args: baseArgs, source: 'system' };
    const { default: packaged } = await import('@sparticuz/chromium');
    const executablePath = await packaged.executablePath();
    const args = [...new Set([...packaged.args.filter((a) => !unwantedPackageArgs.has(a)), ...baseArgs])];
    return { executablePath, args, source: '@sparticuz/chromium' };
  })();
  return resolved;
}

/** Launches the Chromium `findChromium` picks, headless. */
export async function launchChromium(): Promise<Browser> {
  const binary = await findChromium();
  return chromium.launch({ executablePath: binary.executablePath, args: binary.args, headless: true });
}
