import { writeFile } from 'node:fs/promises';
import { buildIssuePreview, type IssuePreview } from '../delivery/build-issue-preview.ts';
import { isCalendarDate } from '../digest/digest-date.ts';
import { AppError } from '../errors/index.ts';
import { parseTopics } from '../match/index.ts';
import { loadTemplates } from '../render/index.ts';
import type { CommandContext, ParsedArgs } from './command.ts';
import { withStore } from './open-command-store.ts';
import { readProfileFlags } from './read-profile-flags.ts';

const formats = ['html', 'text', 'eml'] as const;
type PreviewFormat = (typeof formats)[number];

function isFormat(value: string): value is PreviewFormat {
  return (formats as readonly string[]).includes(value);
}

function formatPreview(preview: IssuePreview, format: PreviewFormat): string {
  // nodemailer encodes every part as 7-bit (quoted-printable or base64), so the message is plain ASCII.
  if (format === 'eml') return preview.eml.toString('ascii');
  if (format === 'text') return preview.text;
  return preview.html;
}

export async function runPreview(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const email = args.values.email as string | undefined;
  const topics = args.values.topics as string | undefined;
  const date = args.values.digest as string | undefined;
  const format = (args.values.format as string | undefined) ?? 'html';
  const out = args.values.out as string | undefined;
  if ((email === undefined) === (topics === undefined)) {
    throw new AppError('USAGE', 'preview: give exactly one of --email ADDR or --topics "a, b"');
  }
  if (date !== undefined && !isCalendarDate(date)) {
    throw new AppError('USAGE', `preview: --digest must be a date like 2025-03-11, got "${date}"`);
  }
  if (!isFormat(format)) {
    throw new AppError('USAGE', `preview: --format must be html, text or eml, got "${format}"`);
  }
  // Checked like `match` checks it, before the store is opened: a bad topic is a usage error.
  const topicList =
    topics === undefined ? [] : readProfileFlags('preview', { topics: parseTopics(topics) }).topics;
  const config = ctx.config();
  const templates = await loadTemplates();
  const preview = await withStore(ctx, (store) =>
    buildIssuePreview(
      { store, templates, config, clock: ctx.clock },
      {
        ...(email !== undefined ? { email } : { topics: topicList }),
        ...(date !== undefined ? { date } : {}),
      },
    ),
  );
  const body = formatPreview(preview, format);
  if (preview.status === 'skipped') {
    ctx.stderr.write(
      `note: nothing would be sent to ${preview.to} for ${preview.date} (no new matching papers)\n`,
    );
  } else if (preview.status && preview.status !== 'planned') {
    ctx.stderr.write(
      `note: this issue is already in the ledger for ${preview.to} (status ${preview.status}); shown as frozen\n`,
    );
  }
  if (out === undefined) {
    ctx.stdout.write(body);
    return 0;
  }
  try {
    await writeFile(out, body);
  } catch (cause) {
    throw new AppError('FILE_UNREADABLE', `preview: cannot write ${out}`, {
      cause,
      details: { file: out },
    });
  }
  ctx.stderr.write(
    `wrote ${format} preview of the ${preview.date} issue for ${preview.to} (${preview.paperCount} papers) to ${out}\n`,
  );
  return 0;
}
