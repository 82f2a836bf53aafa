#!/usr/bin/env node
// Builds dist/ so that `paperboy` runs plain JavaScript: tsc compiles src/, the files tsc does not emit
// (web assets, data files) are copied beside the code, and the MJML cache is warmed so the first
// `npm start` does not load MJML. `npm ci` runs this through the `prepare` script.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

// Everything under src/ that is neither TypeScript nor imported by it: stylesheets, scripts, data tables.
const staticFile = /\.(css|js|json|yaml)$/;
for (const entry of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !staticFile.test(entry.name)) continue;
  const from = join(entry.parentPath, entry.name);
  cpSync(from, join(root, 'dist', relative(join(root, 'src'), from)));
}

const { loadTemplates } = await import(pathToFileURL(join(root, 'dist', 'render', 'load-templates.js')).href);
await loadTemplates();
