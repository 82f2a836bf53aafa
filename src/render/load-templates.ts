import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors/index.ts';
import {
  type CompiledTemplates,
  compileTemplates,
  type MjmlCache,
  type TemplateSources,
} from './compile-templates.ts';

/** The repository's `templates/` folder, found from this file so any working directory works. */
export const defaultTemplatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Where compiled MJML is kept between runs; `node_modules/.cache` is where tools keep such files. */
export const defaultTemplateCacheDir = fileURLToPath(
  new URL('../../node_modules/.cache/paperboy/mjml/', import.meta.url),
);

/**
 * MJML output on disk, one file per cache key. A read-only install simply compiles every time:
 * a cache that cannot be written is not an error.
 */
export function createDiskMjmlCache(dir = defaultTemplateCacheDir): MjmlCache {
  return {
    read(key) {
      try {
        return readFileSync(join(dir, `${key}.html`), 'utf8');
      } catch {
        return undefined;
      }
    },
    write(key, html) {
      try {
        mkdirSync(dir, { recursive: true });
        const temp = join(dir, `${key}.${process.pid}.tmp`);
        writeFileSync(temp, html);
        renameSync(temp, join(dir, `${key}.html`));
      } catch {
        // Read-only or full disk: the next start compiles again, which is only slower.
      }
    },
  };
}

function readMjmlVersion(): string {
  try {
    return (createRequire(import.meta.url)('mjml/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Reads every template file under `dir` and compiles them. The only I/O in the render module:
 * everything else takes source strings, so tests and the benchmark never touch the disk.
 *
 * @example
 * const templates = await loadTemplates(); // at start-up, before any send
 */
export async function loadTemplates(
  dir = defaultTemplatesDir,
  cache: MjmlCache | undefined = createDiskMjmlCache(),
): Promise<CompiledTemplates> {
  return compileTemplates(await readTemplateSources(dir), {
    ...(cache ? { cache } : {}),
    mjmlVersion: readMjmlVersion(),
  });
}

export async function readTemplateSources(dir = defaultTemplatesDir): Promise<TemplateSources> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile() && /\.(mjml|hbs)$/.test(entry.name));
    const pairs = await Promise.all(
      files.map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(dir, path).split(sep).join('/'), await readFile(path, 'utf8')] as const;
      }),
    );
    return Object.fromEntries(pairs);
  } catch (error) {
    throw new AppError('FILE_UNREADABLE', `cannot read templates from ${dir}`, {
      cause: error,
      details: { dir },
    });
  }
}
