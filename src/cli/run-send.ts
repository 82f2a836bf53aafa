import {
  createConfiguredRenderer,
  dryRunEdition,
  enqueueEdition,
  formatSendSummary,
  runDeliveries,
  type SendSummary,
} from '../delivery/index.ts';
import { isCalendarDate, latestAcceptedDate } from '../digest/digest-date.ts';
import { AppError } from '../errors/index.ts';
import { createSmtpMailer } from '../mail/index.ts';
import { loadTemplates } from '../render/index.ts';
import type { Store } from '../store/index.ts';
import type { CommandContext, Output, ParsedArgs } from './command.ts';
import { createCommandLogger } from './create-command-logger.ts';
import { withStore } from './open-command-store.ts';

const number = new Intl.NumberFormat('en-US');

/**
 * Live progress: a redrawn bar on a terminal, a plain line every few seconds in a log file or pipe.
 * Returns the `onProgress` callback and a `finish` that ends the bar's line.
 */
export function createProgressReporter(out: Output, total: number | undefined, plainEveryMs = 5000) {
  const started = performance.now();
  let lastDraw = 0;
  let drawn = false;
  const describe = (s: Readonly<SendSummary>) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(s.sent / seconds) : 0;
    return `sent ${number.format(s.sent)} · deferred ${number.format(s.deferred)} · failed ${number.format(s.failed)} · skipped ${number.format(s.skipped)} · ${number.format(rate)} msg/s`;
  };
  return {
    onProgress(s: Readonly<SendSummary>) {
      const now = performance.now();
      const done = s.sent + s.deferred + s.failed + s.skipped;
      if (out.isTTY) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        drawn = true;
        const share = total ? Math.min(1, done / total) : 0;
        const bar = total
          ? `[${'#'.repeat(Math.round(share * 24)).padEnd(24, '.')}] ${Math.round(share * 100)}% `
          : '';
        out.write(`\r${bar}${describe(s)}\x1b[K`);
        return;
      }
      if (now - lastDraw < plainEveryMs) return;
      lastDraw = now;
      out.write(
        `progress ${number.format(done)}${total ? `/${number.format(total)}` : ''} · ${describe(s)}\n`,
      );
    },
    finish() {
      if (drawn) out.write('\n');
    },
  };
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new AppError('USAGE', `send: --limit must be a positive whole number, got "${value}"`);
  }
  return Number(value);
}

function formatReasons(reasons: Record<string, number>): string {
  const parts = Object.entries(reasons).map(([reason, n]) => `${reason} ${number.format(n)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

async function resolveOnly(ctx: CommandContext, store: Store, email?: string) {
  if (email === undefined) return undefined;
  const subscriber = await store.subscribers.findByEmail(email);
  if (!subscriber) throw new AppError('NOT_FOUND', `send: no subscriber with the address ${email}`);
  if (subscriber.status !== 'confirmed') {
    ctx.stderr.write(
      `note: ${subscriber.email} is ${subscriber.status}; only its due deliveries are retried\n`,
    );
  }
  return subscriber;
}

export async function runSend(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const digest = args.values.digest as string | undefined;
  if (digest !== undefined && !isCalendarDate(digest)) {
    throw new AppError('USAGE', `send: --digest must be a date like 2025-03-11, got "${digest}"`);
  }
  const limit = parseLimit(args.values.limit as string | undefined);
  const config = ctx.config();
  const templates = await loadTemplates();
  return withStore(ctx, async (store) => {
    const date = digest ?? (await store.papers.latestDigestDate(latestAcceptedDate(ctx.clock())));
    if (!date) throw new AppError('NOT_FOUND', 'send: no digest has been ingested yet (run paperboy ingest)');
    const only = await resolveOnly(ctx, store, args.values.only as string | undefined);
    const subscriberIds = only ? [only.id] : undefined;

    if (args.values['dry-run']) {
      const plan = await dryRunEdition(
        { store, config, templates, clock: ctx.clock },
        { date, ...(subscriberIds ? { subscriberIds } : {}) },
      );
      ctx.stdout.write(
        `dry run, edition ${date}: would send ${number.format(plan.wouldSend)} · skipped ${number.format(plan.skipped)}${formatReasons(plan.skipReasons)} · already enqueued ${number.format(plan.alreadyEnqueued)} · largest HTML ${Math.ceil(plan.largestHtmlBytes / 1024)} KB\n`,
      );
      return 0;
    }

    const enqueued = await enqueueEdition(
      { store, config },
      { date, now: ctx.clock(), ...(subscriberIds ? { subscriberIds } : {}) },
    );
    ctx.stdout.write(
      `edition ${date}: ${number.format(enqueued.pending)} new deliveries, ${number.format(enqueued.skipped)} skipped${formatReasons(enqueued.skipReasons)}, ${number.format(enqueued.alreadyEnqueued)} already enqueued\n`,
    );
    const total = Math.min(
      await store.deliveries.countDue(ctx.clock(), only?.id),
      limit ?? Number.POSITIVE_INFINITY,
    );
    const progress = createProgressReporter(ctx.stdout, total);
    const mailer = createSmtpMailer(config);
    const renderer = createConfiguredRenderer(config);
    let summary: SendSummary;
    try {
      summary = await runDeliveries(
        {
          store,
          mailer,
          config,
          clock: ctx.clock,
          templates,
          logger: createCommandLogger(ctx, config),
          ...(renderer ? { renderer } : {}),
        },
        {
          signal: ctx.stopSignal,
          onProgress: progress.onProgress,
          ...(limit !== undefined ? { limit } : {}),
          ...(only ? { only: only.email } : {}),
        },
      );
    } finally {
      progress.finish();
      await renderer?.close();
      await mailer.close();
    }
    summary.skipped += enqueued.skipped;
    ctx.stdout.write(`${formatSendSummary(summary)}\n`);
    if (summary.stopped) ctx.stdout.write('stopped on request; run paperboy send again to send the rest\n');
    if (summary.paused) {
      throw new AppError(
        'SEND_PAUSED',
        `send paused after ${config.MAX_CONSECUTIVE_ERRORS} consecutive errors; last reply: ${summary.pauseReason}. Nothing is lost: fix the relay or SMTP_URL and run paperboy send again.`,
      );
    }
    return 0;
  });
}
