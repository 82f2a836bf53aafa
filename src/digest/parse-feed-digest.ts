import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../errors/index.ts';
import { cleanText } from './clean-text.ts';
import type { Paper, ParseWarning } from './paper.ts';
import { extractArxivId, paperId } from './paper-key.ts';

export interface FeedDigest {
  format: 'atom' | 'rss';
  papers: Paper[];
  warnings: ParseWarning[];
  publishedDates: string[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  removeNSPrefix: true,
  isArray: (name) => ['entry', 'item', 'author', 'link', 'category', 'creator'].includes(name),
  // Titles such as "3<z<10" arrive escaped; entity expansion beyond the XML basics is never needed.
  processEntities: true,
  htmlEntities: true,
});

type Node = Record<string, unknown> | string | undefined;

function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(text).join(', ');
  if (typeof node === 'object') return text((node as Record<string, unknown>)['#text']);
  return '';
}

/** arXiv Atom (API) and RSS (listing) feeds. */
export function parseFeedDigest(xml: string, fileName: string): FeedDigest {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, msg } = valid.err;
    throw new AppError('DIGEST_MALFORMED', `${fileName}: line ${line}: invalid XML: ${msg}`, {
      details: { file: fileName, line },
    });
  }
  const doc = parser.parse(xml) as Record<string, Record<string, unknown> | undefined>;
  const warnings: ParseWarning[] = [];
  const publishedDates: string[] = [];
  if (doc.feed) {
    const entries = (doc.feed.entry as Record<string, unknown>[] | undefined) ?? [];
    const papers = entries.flatMap((entry, index) => {
      const links = (entry.link as Record<string, string>[] | undefined) ?? [];
      const absUrl = links.find((l) => l['@rel'] === 'alternate')?.['@href'] ?? text(entry.id);
      const published = text(entry.published) || text(entry.updated);
      return toPaper(
        {
          title: text(entry.title),
          abstract: text(entry.summary) || text(entry.content),
          authors: ((entry.author as Record<string, unknown>[] | undefined) ?? []).map((a) => text(a.name)),
          categories: ((entry.category as Record<string, string>[] | undefined) ?? []).map(
            (c) => c['@term'] ?? '',
          ),
          url: absUrl,
          idSource: text(entry.id),
          published,
        },
        index,
        warnings,
        publishedDates,
      );
    });
    return { format: 'atom', papers, warnings, publishedDates };
  }
  const channel = doc.rss?.channel as Record<string, unknown> | undefined;
  const items =
    ((channel?.item ?? (doc.RDF as Record<string, unknown> | undefined)?.item) as
      | Record<string, unknown>[]
      | undefined) ?? [];
  if (!channel && !doc.RDF) {
    throw new AppError('DIGEST_MALFORMED', `${fileName}: XML is neither an Atom feed nor an RSS feed`, {
      details: { file: fileName },
    });
  }
  const papers = items.flatMap((item, index) => {
    // arXiv's RSS prefixes descriptions with "arXiv:2403.01234v1 Announce Type: new Abstract: …".
    const description = text(item.description).replace(/^[\s\S]*?Abstract:\s*/i, '');
    const creators = (item.creator as Node[] | undefined)?.map(text).join(', ') ?? text(item.author);
    return toPaper(
      {
        title: text(item.title),
        abstract: description,
        authors: creators
          .split(/,\s*|\s+and\s+/)
          .map((a) => a.trim())
          .filter(Boolean),
        categories: ((item.category as Node[] | undefined) ?? []).map(text),
        url: text(item.link),
        idSource: text(item.guid) || text(item.link),
        published: text(item.pubDate) || text(item.date),
      },
      index,
      warnings,
      publishedDates,
    );
  });
  return { format: 'rss', papers, warnings, publishedDates };
}

interface RawEntry {
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  url: string;
  idSource: string;
  published: string;
}

function toPaper(raw: RawEntry, index: number, warnings: ParseWarning[], dates: string[]): Paper[] {
  const title = cleanText(raw.title);
  if (!title) {
    warnings.push({ field: `entry[${index}].title`, message: `entry ${index}: missing title; skipped` });
    return [];
  }
  const abstract = cleanText(raw.abstract);
  if (!abstract)
    warnings.push({
      field: `entry[${index}].abstract`,
      message: `entry ${index}: "${title}" has no abstract`,
    });
  const arxivId = extractArxivId(raw.idSource) ?? extractArxivId(raw.url);
  const published = parseDate(raw.published);
  if (published) dates.push(published.slice(0, 10));
  return [
    {
      id: paperId(title, arxivId),
      title,
      abstract,
      authors: raw.authors.map(cleanText).filter(Boolean),
      categories: raw.categories.filter(Boolean),
      ...(raw.url ? { url: raw.url } : {}),
      ...(arxivId ? { arxivId } : {}),
      ...(published ? { publishedAt: published } : {}),
    },
  ];
}

function parseDate(value: string): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
