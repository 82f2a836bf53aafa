import { isCalendarDate } from '../digest/digest-date.ts';
import { AppError } from '../errors/index.ts';
import type { CommandContext, ParsedArgs } from './command.ts';
import { withStore } from './open-command-store.ts';

export async function runPapers(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const digest = args.values.digest as string | undefined;
  if (digest !== undefined && !isCalendarDate(digest)) {
    throw new AppError('USAGE', `papers: --digest must be a date like 2025-03-11, got "${digest}"`);
  }
  return withStore(ctx, async (store) => {
    const papers = await store.papers.listPapers(digest ? { digestDate: digest } : {});
    if (args.values.json) {
      const out = papers.map((p) => ({
        id: p.id,
        title: p.title,
        abstract: p.abstract,
        digestDate: p.digestDate,
        arxivId: p.arxivId ?? null,
        url: p.url ?? null,
      }));
      ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    for (const p of papers) ctx.stdout.write(`${p.digestDate}  ${p.title}\n`);
    ctx.stdout.write(
      `${papers.length} paper${papers.length === 1 ? '' : 's'}${digest ? ` in the digest of ${digest}` : ''}\n`,
    );
    return 0;
  });
}
