import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { latestAcceptedDate, type Paper, parseDigest } from '../digest/index.ts';
import { AppError } from '../errors/index.ts';
import {
  buildPaperIndex,
  matchPapers,
  noRatings,
  type Profile,
  parseTopics,
  type RankedPaper,
  type RatedText,
  type Ratings,
  suggestSpellings,
  type TermStats,
} from '../match/index.ts';
import { loadArchiveStats } from '../store/index.ts';
import type { CommandContext, ParsedArgs } from './command.ts';
import { withStore } from './open-command-store.ts';
import { readProfileFlags } from './read-profile-flags.ts';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function splitIds(value: unknown): string[] {
  return typeof value === 'string'
    ? [
        ...new Set(
          value
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        ),
      ]
    : [];
}

/** The stored papers a profile's --like and --dislike name, as the matcher reads them. */
async function loadRatedTexts(ctx: CommandContext, profile: Profile): Promise<Ratings> {
  if (profile.likes.length + profile.dislikes.length === 0) return noRatings;
  const stored = await withStore(ctx, (store) =>
    store.papers.listPapersByIds([...profile.likes, ...profile.dislikes]),
  );
  const byId = new Map(stored.map((p) => [p.id, { title: p.title, abstract: p.abstract }]));
  const unknown = [...profile.likes, ...profile.dislikes].filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      'USAGE',
      `match: no stored paper ${unknown.map((id) => `"${id}"`).join(', ')} (see paperboy papers --json for ids)`,
    );
  }
  const texts = (ids: string[]) => ids.map((id) => byId.get(id) as RatedText);
  return { liked: texts(profile.likes), disliked: texts(profile.dislikes) };
}

/** The flags, validated at the edge: every problem becomes one USAGE error. */
function readProfile(values: Record<string, unknown>): Profile {
  const topicsText = values.topics as string | undefined;
  const likes = splitIds(values.like);
  if (topicsText === undefined && likes.length === 0)
    throw new AppError(
      'USAGE',
      'match: --topics (or --like) is required, e.g. --topics "RLHF, reward models"',
    );
  const maxText = values.max as string | undefined;
  if (maxText !== undefined && !/^\d+$/.test(maxText)) {
    throw new AppError('USAGE', `match: --max must be a whole number from 1 to 100, got "${maxText}"`);
  }
  return readProfileFlags('match', {
    topics: parseTopics(topicsText ?? ''),
    likes,
    dislikes: splitIds(values.dislike),
    exclude: parseTopics((values.exclude as string | undefined) ?? ''),
    maxPapers: maxText === undefined ? undefined : Number(maxText),
    breadth: values.breadth,
  });
}

/** `--digest` is a file (parsed on the fly, nothing stored) or a stored digest date; default the latest. */
/** The digest to match, and the word statistics of the stored papers before it (the archive). */
async function loadPapers(
  ctx: CommandContext,
  digest: string | undefined,
): Promise<{ label: string; papers: Paper[]; archive: TermStats }> {
  if (digest !== undefined && (existsSync(digest) || !isoDate.test(digest))) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(digest);
    } catch (cause) {
      throw new AppError('FILE_UNREADABLE', `match: cannot read digest file ${digest}`, {
        cause,
        details: { file: digest },
      });
    }
    const parsed = parseDigest({ bytes, fileName: basename(digest), now: ctx.clock() });
    const archive = await withStore(ctx, (store) => loadArchiveStats(store.papers));
    return { label: digest, papers: parsed.papers, archive };
  }
  return withStore(ctx, async (store) => {
    const date = digest ?? (await store.papers.latestDigestDate(latestAcceptedDate(ctx.clock())));
    if (date === undefined) {
      throw new AppError(
        'NOT_FOUND',
        'match: no digest is stored yet; run paperboy ingest or pass --digest FILE',
      );
    }
    const papers = await store.papers.listPapers({ digestDate: date });
    if (papers.length === 0) throw new AppError('NOT_FOUND', `match: no stored digest for ${date}`);
    return { label: date, papers, archive: await loadArchiveStats(store.papers, { before: date }) };
  });
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function formatTable(ranked: RankedPaper[], label: string, total: number, showAll: boolean): string {
  const selected = ranked.filter((r) => r.selected).length;
  const lines = [`${selected} of ${total} papers selected from ${label}`];
  for (const [i, r] of ranked.entries()) {
    const mark = r.selected ? '*' : ' ';
    lines.push(`${mark} ${String(i + 1).padStart(3)}  ${r.score.toFixed(3)}  ${truncate(r.paper.title, 90)}`);
    for (const reason of r.reasons.slice(0, showAll ? 1 : 3)) lines.push(`               ${reason}`);
  }
  if (selected === 0) lines.push('No paper matches these topics well enough; the issue would be empty.');
  return `${lines.join('\n')}\n`;
}

export async function runMatch(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const profile = readProfile(args.values);
  const ratings = await loadRatedTexts(ctx, profile);
  const { label, papers, archive } = await loadPapers(ctx, args.values.digest as string | undefined);
  const index = buildPaperIndex(papers, { archive });
  const ranked = matchPapers(index, profile, undefined, ratings);
  // Topics are matched as typed; a word that looks mistyped is only pointed out, on stderr so that
  // the output keeps its shape.
  for (const { typed, suggestion } of suggestSpellings(profile.topics, index))
    ctx.stderr.write(`match: did you mean "${suggestion}" for "${typed}"? Topics are matched as typed.\n`);
  const shown = args.values.all ? ranked : ranked.filter((r) => r.selected);
  if (args.values.json) {
    const out = shown.map((r) => ({
      id: r.paper.id,
      title: r.paper.title,
      score: r.score,
      selected: r.selected,
      reasons: r.reasons,
    }));
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  ctx.stdout.write(formatTable(shown, label, papers.length, Boolean(args.values.all)));
  return 0;
}
