import type { Command } from './command.ts';
import { fetchCommand } from './fetch-command.ts';
import { ingestCommand } from './ingest-command.ts';
import { matchCommand } from './match-command.ts';
import { papersCommand } from './papers-command.ts';
import { previewCommand } from './preview-command.ts';
import { sendCommand } from './send-command.ts';
import { serveCommand } from './serve-command.ts';
import { startCommand } from './start-command.ts';
import { statusCommand } from './status-command.ts';
import { subscribersCommand } from './subscribers-command.ts';
import { workerCommand } from './worker-command.ts';

/** Every `paperboy` command, in the order `--help` lists them. */
export const commands: Command[] = [
  startCommand,
  serveCommand,
  statusCommand,
  fetchCommand,
  ingestCommand,
  papersCommand,
  matchCommand,
  previewCommand,
  sendCommand,
  workerCommand,
  subscribersCommand,
];
