import type { Command } from './command.ts';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Claim and send due deliveries until stopped; run any number of them against one PostgreSQL',
  usage: 'paperboy worker',
  details: [
    'A worker only sends: `paperboy start` (or `paperboy send`) freezes editions, workers deliver them.',
    'Claims are leased (LEASE_SECONDS); the claims of a worker that dies are taken over when its lease',
    'expires, at once when it ran on the same machine. SEND_RATE holds across all workers together.',
    'SIGTERM finishes the messages in flight and exits 0. Exit code 1 after MAX_CONSECUTIVE_ERRORS errors in a row.',
  ].join('\n'),
  run: (ctx) => import('./run-worker.ts').then((m) => m.runWorker(ctx)),
};
