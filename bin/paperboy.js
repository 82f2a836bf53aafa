#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx so `npm ci` needs no build step.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

// A `.env` in the working directory fills in variables the environment does not already set.
if (existsSync('.env')) process.loadEnvFile('.env');

register();
// `paperboy papers | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { runCli } = await import('../src/cli/run-cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
