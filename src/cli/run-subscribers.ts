import { readFile, writeFile } from 'node:fs/promises';
import type { Config } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import { createSmtpMailer } from '../mail/index.ts';
import { loadTemplates } from '../render/index.ts';
import { normalizeEmail, type Store, type Subscriber } from '../store/index.ts';
import {
  activateSubscription,
  buildConfirmUrl,
  formatSubscribersCsv,
  importSubscribers,
  newSubscriberSettings,
  SubscribeForm,
  sendConfirmationEmail,
  validateForm,
  WeekdayValue,
} from '../subscribers/index.ts';
import type { CommandContext, ParsedArgs } from './command.ts';
import { withStore } from './open-command-store.ts';

/** Double opt-in for an address the operator typed: mail it when SMTP is configured, else hand over the link. */
async function deliverConfirmation(
  ctx: CommandContext,
  store: Store,
  subscriber: Subscriber,
  config: Config,
): Promise<void> {
  const now = ctx.clock();
  if (!config.SMTP_URL) {
    const url = buildConfirmUrl(
      config.PUBLIC_URL,
      config.SECRET,
      subscriber.publicId,
      now,
      config.CONFIRM_TOKEN_DAYS,
    );
    ctx.stdout.write(
      `SMTP_URL is not set, so no email was sent. Confirmation link for ${subscriber.email}:\n${url}\n`,
    );
    return;
  }
  // The same transport settings as every other sender, DKIM included.
  const mailer = createSmtpMailer(config);
  try {
    await sendConfirmationEmail(
      { store, mailer, templates: await loadTemplates(), config, clock: ctx.clock },
      subscriber,
    );
    await store.subscribers.recordEvent(subscriber, 'confirmation_sent', 'cli', now);
    ctx.stdout.write(`confirmation email sent to ${subscriber.email}\n`);
  } finally {
    await mailer.close();
  }
}

/**
 * `--confirmed`: the operator vouches for the address, and the subscriber is treated like one who
 * clicked the confirmation link: due at once (the daemon's next scheduler tick sends the latest
 * edition) and welcomed by email when SMTP_URL is set.
 */
async function confirmFromCli(
  ctx: CommandContext,
  store: Store,
  pending: Subscriber,
  config: Config,
): Promise<void> {
  const mailer = config.SMTP_URL ? createSmtpMailer(config) : undefined;
  try {
    const deps = {
      store,
      templates: await loadTemplates(),
      config,
      clock: ctx.clock,
      ...(mailer ? { mailer } : {}),
    };
    const { subscriber, welcome } = await activateSubscription(deps, pending, 'cli');
    ctx.stdout.write(`added ${subscriber.email} (confirmed): ${subscriber.topics.join(', ')}\n`);
    const welcomeLine = {
      sent: `welcome email sent to ${subscriber.email}`,
      failed: `the welcome email to ${subscriber.email} could not be sent (the subscription is confirmed)`,
      'no-mailer': 'SMTP_URL is not set, so no welcome email was sent',
    }[welcome];
    ctx.stdout.write(
      `${welcomeLine}\nfirst issue: the latest edition, at the next scheduler tick of \`paperboy start\` (or now with \`paperboy send --only ${subscriber.email}\`)\n`,
    );
  } finally {
    await mailer?.close();
  }
}

function weekdayLabel(weekday: number | null): string {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekday ?? 1] ?? 'Mon';
}

export async function runSubscribersAdd(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [email] = args.positionals;
  if (!email) throw new AppError('USAGE', 'subscribers add: EMAIL is required');
  const weekday = args.values.weekday === undefined ? undefined : WeekdayValue.safeParse(args.values.weekday);
  if (weekday && !weekday.success) {
    throw new AppError('USAGE', `subscribers add: --weekday ${weekday.error.issues[0]?.message}`);
  }
  const form = validateForm(SubscribeForm, {
    email,
    topics: args.values.topics ?? '',
    frequency: args.values.frequency ?? 'daily',
    weekday: weekday?.data,
    hour: args.values.hour ?? '7',
    timezone: args.values.tz ?? 'UTC',
  });
  if (!form.ok) {
    const flags: Record<string, string> = { email: 'EMAIL', timezone: '--tz' };
    const problems = Object.entries(form.errors).map(
      ([field, message]) => `${flags[field] ?? `--${field}`}: ${message}`,
    );
    throw new AppError('USAGE', `subscribers add: ${problems.join('; ')}`);
  }
  const config = ctx.config();
  return withStore(ctx, async (store) => {
    const now = ctx.clock();
    if (await store.subscribers.findByEmail(form.value.email)) {
      throw new AppError(
        'SUBSCRIBER_INVALID',
        `${form.value.email} is already a subscriber (use "subscribers import" to update)`,
      );
    }
    const { email: address, topics, frequency, weekday: day, hour, timezone } = form.value;
    const subscriber = await store.subscribers.insert(
      {
        email: address,
        topics,
        frequency,
        weekday: day,
        hour,
        timezone,
        ...newSubscriberSettings(),
        status: 'pending',
      },
      { now, source: 'cli', event: 'subscribed' },
    );
    if (!args.values.confirmed) {
      ctx.stdout.write(`added ${subscriber.email} (pending): ${subscriber.topics.join(', ')}\n`);
      await deliverConfirmation(ctx, store, subscriber, config);
      return 0;
    }
    await confirmFromCli(ctx, store, subscriber, config);
    return 0;
  });
}

export async function runSubscribersList(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  return withStore(ctx, async (store) => {
    const subscribers = await store.subscribers.list();
    if (args.values.json) {
      const out = subscribers.map((s) => ({
        email: s.email,
        status: s.status,
        topics: s.topics,
        frequency: s.frequency,
        hour: s.hour,
        timezone: s.timezone,
        createdAt: s.createdAt,
      }));
      ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(5, ...subscribers.map((s) => s.email.length)) + 2;
    for (const s of subscribers) {
      const when = `${s.frequency === 'weekly' ? `weekly/${weekdayLabel(s.weekday)}` : 'daily'} ${String(s.hour).padStart(2, '0')}:00 ${s.timezone}`;
      ctx.stdout.write(
        `${s.email.padEnd(width)}${s.status.padEnd(14)}${when.padEnd(34)}${s.topics.join(', ')}\n`,
      );
    }
    const counts = new Map<string, number>();
    for (const s of subscribers) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
    const summary = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
    ctx.stdout.write(
      `${subscribers.length} subscriber${subscribers.length === 1 ? '' : 's'}${summary ? ` (${summary})` : ''}\n`,
    );
    return 0;
  });
}

export async function runSubscribersRemove(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [email] = args.positionals;
  if (!email) throw new AppError('USAGE', 'subscribers remove: EMAIL is required');
  return withStore(ctx, async (store) => {
    const subscriber = await store.subscribers.findByEmail(email);
    if (!subscriber) throw new AppError('NOT_FOUND', `no subscriber ${normalizeEmail(email)}`);
    await store.subscribers.recordEvent(subscriber, 'removed', 'cli', ctx.clock());
    await store.subscribers.remove(subscriber.id);
    ctx.stdout.write(`removed ${subscriber.email}\n`);
    return 0;
  });
}

export async function runSubscribersImport(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [file] = args.positionals;
  if (!file) throw new AppError('USAGE', 'subscribers import: FILE.csv is required');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new AppError('FILE_UNREADABLE', `cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  return withStore(ctx, async (store) => {
    const report = await importSubscribers(store, text, ctx.clock());
    for (const p of report.problems) ctx.stderr.write(`error ${file}:${p.line}  ${p.message}\n`);
    for (const n of report.notes) ctx.stdout.write(`note  ${file}:${n.line}  ${n.message}\n`);
    ctx.stdout.write(
      `imported ${report.added + report.updated} (${report.added} added, ${report.updated} updated), ${report.problems.length} bad row${report.problems.length === 1 ? '' : 's'}\n`,
    );
    return report.problems.length > 0 ? 1 : 0;
  });
}

export async function runSubscribersExport(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  return withStore(ctx, async (store) => {
    const subscribers = await store.subscribers.list();
    const ratings = await store.ratings.listIdsForSubscribers(subscribers.map((s) => s.id));
    const csv = formatSubscribersCsv(subscribers, ratings);
    const out = args.values.out as string | undefined;
    if (!out) {
      ctx.stdout.write(csv);
      return 0;
    }
    await writeFile(out, csv, 'utf8');
    ctx.stdout.write(
      `exported ${subscribers.length} subscriber${subscribers.length === 1 ? '' : 's'} to ${out}\n`,
    );
    return 0;
  });
}

export async function runSubscribersRate(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [email, paperId, vote] = args.positionals;
  if (!email || !paperId || !vote || !['up', 'down', 'clear'].includes(vote)) {
    throw new AppError('USAGE', 'subscribers rate: give EMAIL PAPER_ID and up, down or clear');
  }
  return withStore(ctx, async (store) => {
    const subscriber = await store.subscribers.findByEmail(email);
    if (!subscriber) throw new AppError('USAGE', `subscribers rate: no subscriber ${normalizeEmail(email)}`);
    const [paper] = await store.papers.listPapersByIds([paperId]);
    if (!paper) {
      throw new AppError(
        'USAGE',
        `subscribers rate: no stored paper "${paperId}" (see paperboy papers --json)`,
      );
    }
    if (vote === 'clear') {
      const had = await store.ratings.clear(subscriber.id, paper.id);
      ctx.stdout.write(
        `${had ? 'cleared' : 'no rating to clear for'} ${subscriber.email} on "${paper.title}"\n`,
      );
      return 0;
    }
    await store.ratings.rate(subscriber.id, paper.id, vote as 'up' | 'down', 'cli', ctx.clock());
    ctx.stdout.write(
      `${subscriber.email} ${vote === 'up' ? 'likes' : 'dislikes'} "${paper.title}" (${vote === 'up' ? 'more' : 'less'} like this)\n`,
    );
    return 0;
  });
}
