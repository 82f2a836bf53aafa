import { formatSendSummary, runDeliveries, type SendSummary } from '../delivery/index.ts';
import { AppError } from '../errors/index.ts';
import { createSmtpMailer } from '../mail/index.ts';
import { loadTemplates } from '../render/index.ts';
import type { Command } from './command.ts';
import { createCommandLogger } from './create-command-logger.ts';
import { withStore } from './open-command-store.ts';
import { createProgressReporter } from './send-command.ts';

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
  async run(ctx) {
    const config = ctx.config();
    const templates = await loadTemplates();
    return withStore(ctx, async (store) => {
      ctx.stdout.write(
        `worker ${process.pid} started on ${store.dialect}, pool ${config.SMTP_POOL_SIZE}${config.SEND_RATE > 0 ? `, global rate ${config.SEND_RATE} msg/s` : ''}\n`,
      );
      // A worker's log is a file or a journal: plain lines, one every 10 seconds while it sends.
      const progress = createProgressReporter({ write: (s) => ctx.stdout.write(s) }, undefined, 10_000);
      const mailer = createSmtpMailer(config);
      let summary: SendSummary;
      try {
        summary = await runDeliveries(
          { store, mailer, config, clock: ctx.clock, templates, logger: createCommandLogger(ctx, config) },
          { signal: ctx.stopSignal, follow: true, onProgress: progress.onProgress },
        );
      } finally {
        await mailer.close();
      }
      ctx.stdout.write(`worker ${process.pid} stopped: ${formatSendSummary(summary)}\n`);
      if (summary.paused) {
        throw new AppError(
          'SEND_PAUSED',
          `worker paused after ${config.MAX_CONSECUTIVE_ERRORS} consecutive errors; last reply: ${summary.pauseReason}`,
        );
      }
      return 0;
    });
  },
};
