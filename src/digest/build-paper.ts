import { clipText } from '../errors/index.ts';
import { cleanText } from './clean-text.ts';
import { readContentDate } from './digest-date.ts';
import { fieldLimits, limitText } from './field-limits.ts';
import type { Paper, ParseWarning } from './paper.ts';
import { extractArxivId, paperId } from './paper-key.ts';

/** One entry of a structured digest (JSON item, Atom entry, RSS item) before it is checked. */
export interface RawPaper {
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  url?: string;
  /** Where the arXiv id may be, most trusted first (an id field, then the URL). */
  idSources: (string | undefined)[];
  published?: string;
  upvotes?: number;
}

export interface BuildPaperContext {
  /** `[3]` (JSON) or `entry[3]` (feeds): the path of the entry in warnings. */
  field: string;
  /** `item 3` or `entry 3`: how messages name the entry. */
  label: string;
  now: Date;
  warnings: ParseWarning[];
  /** The days the entries' published dates name, candidates for the digest date. */
  days: string[];
  /** `written`: keep the date as written (JSON); `utc`: keep it as a UTC timestamp (feeds). */
  dates: 'written' | 'utc';
  /** Give a paper with an arXiv id and no URL its abstract page (JSON digests). */
  arxivUrl?: boolean;
}

/**
 * Turns one raw entry into a paper: every field capped at its limit, text cleaned, the arXiv id
 * found, the published date checked. Problems are warnings; only a missing title skips the entry.
 */
export function buildPaper(raw: RawPaper, ctx: BuildPaperContext): Paper | undefined {
  const { field, label, warnings } = ctx;
  const title = cleanText(
    limitText(raw.title, fieldLimits.title, { field: `${field}.title`, what: `${label}: title` }, warnings),
  );
  if (!title) {
    warnings.push({ field: `${field}.title`, message: `${label}: missing title; skipped` });
    return undefined;
  }
  const abstract = cleanText(
    limitText(
      raw.abstract,
      fieldLimits.abstract,
      { field: `${field}.abstract`, what: `${label}: abstract` },
      warnings,
    ),
  );
  if (!abstract)
    warnings.push({ field: `${field}.abstract`, message: `${label}: "${title}" has no abstract` });
  if (raw.authors.length > fieldLimits.authors) {
    warnings.push({
      field: `${field}.authors`,
      message: `${label}: ${raw.authors.length.toLocaleString('en')} authors; kept the first ${fieldLimits.authors}`,
    });
  }
  const authors = raw.authors
    .slice(0, fieldLimits.authors)
    .map((a) => cleanText(a.slice(0, fieldLimits.author)))
    .filter(Boolean);
  const categories = raw.categories
    .slice(0, fieldLimits.categories)
    .filter((c) => c && c.length <= fieldLimits.category);
  let url = raw.url || undefined;
  if (url && url.length > fieldLimits.url) {
    warnings.push({
      field: `${field}.url`,
      message: `${label}: URL is ${url.length.toLocaleString('en')} characters long; ignored`,
    });
    url = undefined;
  }
  const arxivId = raw.idSources.reduce<string | undefined>((id, s) => id ?? extractArxivId(s), undefined);
  if (!url && arxivId && ctx.arxivUrl) url = `https://arxiv.org/abs/${arxivId}`;
  const publishedAt = readPublished(raw.published, ctx);
  return {
    id: paperId(title, arxivId),
    title,
    abstract,
    authors,
    categories,
    ...(url ? { url } : {}),
    ...(arxivId ? { arxivId } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(raw.upvotes !== undefined ? { upvotes: raw.upvotes } : {}),
  };
}

function readPublished(value: string | undefined, ctx: BuildPaperContext): string | undefined {
  if (!value?.trim()) return undefined;
  const date = readContentDate(value, ctx.now);
  if ('problem' in date) {
    ctx.warnings.push({
      field: `${ctx.field}.published`,
      message: `${ctx.label}: published date "${clipText(value, 40)}" ${date.problem}; ignored`,
    });
    return undefined;
  }
  if (ctx.dates === 'utc') {
    ctx.days.push(date.utc.slice(0, 10));
    return date.utc;
  }
  ctx.days.push(date.day);
  return value.trim();
}
