import { latestAcceptedDate } from '../digest/digest-date.ts';
import { isYearGuessed } from '../store/index.ts';
import type { CommandContext, ParsedArgs } from './command.ts';
import { withStore } from './open-command-store.ts';
import { formatSourceStatus, readSourceStatus } from './source-status.ts';

export async function runStatus(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  return withStore(ctx, async (store) => {
    const [digests, upcoming, latest, subscribers, sources, signups] = await Promise.all([
      store.papers.listRecentDigests(10),
      store.schedule.listUpcoming(10),
      store.papers.latestDigestDate(latestAcceptedDate(ctx.clock())),
      store.subscribers.list({ status: ['confirmed'] }),
      readSourceStatus(store, ctx.config().SOURCES),
      store.signups.countByStatus(),
    ]);
    const edition = latest ? await store.editions.findEdition(latest) : undefined;
    const counts = edition ? await store.editions.countByStatus(edition.id) : undefined;
    const status = {
      ingests: digests.map((d) => ({
        path: d.path,
        status: d.status,
        date: d.digest_date,
        yearGuessed: isYearGuessed(d.date_source),
        papers: d.paper_count,
        newPapers: d.new_count,
        warnings: d.warnings.length,
        error: d.error,
        at: d.ingested_at,
      })),
      sources,
      confirmedSubscribers: subscribers.length,
      // Web sign-ups wait here until their confirmation email is out; failed ones gave up after retries.
      signupQueue: { waiting: signups.queued + signups.sending, failed: signups.failed },
      nextSends: upcoming,
      edition: latest ? { date: latest, deliveries: counts ?? null } : null,
    };
    if (args.values.json) {
      ctx.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      return 0;
    }
    const out: string[] = ['Recent ingests:'];
    if (status.ingests.length === 0) out.push('  none yet');
    for (const d of status.ingests) {
      out.push(
        d.status === 'error'
          ? `  error       ${d.at.slice(0, 19).replace('T', ' ')}  ${d.path}  ${d.error}`
          : `  ${d.status.padEnd(10)}  ${d.at.slice(0, 19).replace('T', ' ')}  ${d.path}  ${d.papers} papers (${d.newPapers} new) date ${d.date}${d.yearGuessed ? ' (year guessed from the file date)' : ''}${d.warnings ? `, ${d.warnings} warnings` : ''}`,
      );
    }
    out.push('', ...formatSourceStatus(sources));
    out.push(
      '',
      `Sign-up queue: ${status.signupQueue.waiting} waiting for their confirmation email · ${status.signupQueue.failed} failed`,
    );
    out.push('', `Next scheduled sends (${status.confirmedSubscribers} confirmed subscribers):`);
    if (upcoming.length === 0) out.push('  none');
    for (const u of upcoming) {
      out.push(
        `  ${u.nextDueAt ? u.nextDueAt.slice(0, 16).replace('T', ' ') : 'as soon as possible'} UTC  ${u.email} (${String(u.hour).padStart(2, '0')}:00 ${u.timezone})`,
      );
    }
    out.push('');
    if (status.edition) {
      const c = status.edition.deliveries;
      out.push(
        c
          ? `Edition ${status.edition.date}: sent ${c.sent} · pending ${c.pending} · sending ${c.sending} · deferred ${c.deferred} · failed ${c.failed} · skipped ${c.skipped}`
          : `Edition ${status.edition.date}: not sent to anyone yet`,
      );
    } else {
      out.push('No digest ingested yet.');
    }
    ctx.stdout.write(`${out.join('\n')}\n`);
    return 0;
  });
}
