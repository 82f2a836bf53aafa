import { logDefaultWarnings } from '../config/index.ts';
import {
  createConfiguredRenderer,
  formatSendSummary,
  runDeliveries,
  type SendSummary,
} from '../delivery/index.ts';
import { AppError } from '../errors/index.ts';
import { createSmtpMailer } from '../mail/index.ts';
import { loadTemplates } from '../render/index.ts';
import type { CommandContext } from './command.ts';
import { createCommandLogger } from './create-command-logger.ts';
import { withStore } from './open-command-store.ts';
import { createProgressReporter } from './run-send.ts';

export async function runWorker(ctx: CommandContext): Promise<number> {
  const config = ctx.config();
  const templates = await loadTemplates();
  return withStore(ctx, async (store) => {
    ctx.stdout.write(
      `worker ${process.pid} started on ${store.dialect}, pool ${config.SMTP_POOL_SIZE}${config.SEND_RATE > 0 ? `, global rate ${config.SEND_RATE} msg/s` : ''}\n`,
    );
    // A worker's log is a file or a journal: plain lines, one every 10 seconds while it sends.
    const progress = createProgressReporter({ write: (s) => ctx.stdout.write(s) }, undefined, 10_000);
    const logger = createCommandLogger(ctx, config);
    logDefaultWarnings(logger, config);
    const mailer = createSmtpMailer(config);
    const renderer = createConfiguredRenderer(config);
    let summary: SendSummary;
    try {
      summary = await runDeliveries(
        { store, mailer, config, clock: ctx.clock, templates, logger, ...(renderer ? { renderer } : {}) },
        { signal: ctx.stopSignal, follow: true, onProgress: progress.onProgress },
      );
    } finally {
      await renderer?.close();
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
}
