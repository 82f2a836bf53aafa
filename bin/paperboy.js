#!/usr/bin/env node
// Runs the JavaScript that `npm run build` (run by `npm ci` through `prepare`) compiled into dist/.
// The CLI runs in this very process, with no wrapper child, so a signal sent to it reaches the daemon.
import { existsSync } from 'node:fs';

// A `.env` in the working directory fills in variables the environment does not already set.
if (existsSync('.env')) process.loadEnvFile('.env');

// `paperboy papers | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const entry = new URL('../dist/cli/run-cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('paperboy: dist/ is missing; run "npm run build" (npm ci runs it for you)\n');
  process.exit(1);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
