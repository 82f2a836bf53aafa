import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors/index.ts';
import { type CompiledTemplates, compileTemplates, type TemplateSources } from './compile-templates.ts';

/** The repository's `templates/` folder, found from this file so any working directory works. */
export const defaultTemplatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * Reads every template file under `dir` and compiles them. The only I/O in the render module:
 * everything else takes source strings, so tests and the benchmark never touch the disk.
 *
 * @example
 * const templates = await loadTemplates(); // at start-up, before any send
 */
export async function loadTemplates(dir = defaultTemplatesDir): Promise<CompiledTemplates> {
  return compileTemplates(await readTemplateSources(dir));
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
