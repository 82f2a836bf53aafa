import { z } from 'zod';
import { AppError } from '../errors/index.ts';
import { buildPaper } from './build-paper.ts';
import type { Paper, ParseWarning } from './paper.ts';

const author = z
  .union([z.string(), z.object({ name: z.string() })])
  .transform((a) => (typeof a === 'string' ? a : a.name));

/** `{title, abstract|summary, authors?, url?, arxivId?, publishedAt?}` */
export const JsonDigestItem = z.object({
  title: z.string({ error: 'missing title' }).trim().min(1, 'missing title'),
  abstract: z.string().optional(),
  summary: z.string().optional(),
  authors: z.array(author).optional(),
  url: z.string().optional(),
  arxivId: z.string().optional(),
  id: z.string().optional(),
  publishedAt: z.string().optional(),
  categories: z.array(z.string()).optional(),
  upvotes: z.number().optional(),
});
export type JsonDigestItem = z.infer<typeof JsonDigestItem>;

/** The Hugging Face daily-papers API shape: `[{paper: {id, title, summary, authors: [{name}], upvotes}}]`. */
export const HfDigestItem = z.object({
  paper: JsonDigestItem,
  publishedAt: z.string().optional(),
});
export type HfDigestItem = z.infer<typeof HfDigestItem>;

export interface JsonDigest {
  format: 'json' | 'hf-json';
  papers: Paper[];
  warnings: ParseWarning[];
  publishedDates: string[];
  entries: number;
}

export function parseJsonDigest(text: string, fileName: string, now: Date): JsonDigest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const line = jsonErrorLine(text, String((cause as Error).message));
    throw new AppError('DIGEST_MALFORMED', `${fileName}: ${line ? `line ${line}: ` : ''}invalid JSON`, {
      cause,
      details: { file: fileName, line },
    });
  }
  const items = Array.isArray(data) ? data : (data as { papers?: unknown })?.papers;
  if (!Array.isArray(items)) {
    throw new AppError('DIGEST_MALFORMED', `${fileName}: expected a JSON array of papers`, {
      details: { file: fileName },
    });
  }
  const isHf = items.some((i) => typeof i === 'object' && i !== null && Object.hasOwn(i, 'paper'));
  const warnings: ParseWarning[] = [];
  const papers: Paper[] = [];
  const publishedDates: string[] = [];
  items.forEach((raw, index) => {
    const parsed = isHf ? HfDigestItem.safeParse(raw) : JsonDigestItem.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      warnings.push({
        field: `[${index}]${issue?.path.length ? `.${issue.path.join('.')}` : ''}`,
        message: `item ${index}: ${issue?.message ?? 'invalid'}; skipped`,
      });
      return;
    }
    const item = isHf ? (parsed.data as HfDigestItem).paper : (parsed.data as JsonDigestItem);
    const paper = buildPaper(
      {
        title: item.title,
        abstract: item.abstract ?? item.summary ?? '',
        authors: item.authors ?? [],
        categories: item.categories ?? [],
        url: item.url,
        idSources: [item.arxivId, isHf ? item.id : undefined, item.url],
        published: item.publishedAt ?? (isHf ? (parsed.data as HfDigestItem).publishedAt : undefined),
        upvotes: item.upvotes,
      },
      {
        field: `[${index}]`,
        label: `item ${index}`,
        now,
        warnings,
        days: publishedDates,
        dates: 'written',
        arxivUrl: true,
      },
    );
    if (paper) papers.push(paper);
  });
  return { format: isHf ? 'hf-json' : 'json', papers, warnings, publishedDates, entries: items.length };
}

/** V8 reports either "at position N" or a quoted snippet around the bad token; turn either into a line number. */
function jsonErrorLine(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position) return text.slice(0, Number(position)).split('\n').length;
  const snippet = /"(?:\.\.\.)?([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(message)?.[1];
  const token = /Unexpected token '(.)'/.exec(message)?.[1];
  if (!snippet) return undefined;
  const at = text.indexOf(snippet);
  if (at < 0) return undefined;
  const offset = token ? Math.max(0, snippet.indexOf(token)) : 0;
  return text.slice(0, at + offset).split('\n').length;
}
