import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError, clipText } from '../errors/index.ts';
import { buildPaper } from './build-paper.ts';
import { cleanText } from './clean-text.ts';
import { fieldLimits } from './field-limits.ts';
import type { Paper, ParseWarning } from './paper.ts';

export interface FeedDigest {
  format: 'atom' | 'rss';
  papers: Paper[];
  warnings: ParseWarning[];
  publishedDates: string[];
  entries: number;
}

// Names that would become `__proto__`, `constructor` or `prototype` keys of the parsed objects. The
// library refuses them by throwing; renaming them instead makes such an element just another element
// that nothing reads. Both element and attribute names go through this.
const reservedNames = new Set(['__proto__', 'constructor', 'prototype']);
const safeName = (name: string) => (reservedNames.has(name) ? `reserved-${name}` : name);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  removeNSPrefix: true,
  // Text stays text: a title "1e5" or an id "2403.01230" must not become a number.
  parseTagValue: false,
  isArray: (name) => ['entry', 'item', 'author', 'link', 'category', 'creator'].includes(name),
  transformTagName: safeName,
  transformAttributeName: safeName,
  // Titles such as "3<z<10" arrive escaped, and feeds use HTML entities. Entities a DOCTYPE declares
  // are expanded only within these bounds (a "billion laughs" file stops at the first one exceeded);
  // external entities (SYSTEM, PUBLIC) are never read: the library refuses them.
  processEntities: {
    enabled: true,
    maxEntitySize: 10_000,
    maxEntityCount: 100,
    maxExpansionDepth: 10,
    maxTotalExpansions: 10_000,
    maxExpandedLength: 1_000_000,
  },
  htmlEntities: true,
});

/** What the XML libraries say about a bad file can quote the whole file; a message keeps this much. */
const maxReasonLength = 300;

function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(text).join(', ');
  if (typeof node === 'object') return text((node as Record<string, unknown>)['#text']);
  return '';
}

/** arXiv Atom (API) and RSS (listing) feeds. */
export function parseFeedDigest(xml: string, fileName: string, now: Date): FeedDigest {
  const doc = readXml(xml, fileName);
  const warnings: ParseWarning[] = [];
  const publishedDates: string[] = [];
  const context = (index: number) => ({
    field: `entry[${index}]`,
    label: `entry ${index}`,
    now,
    warnings,
    days: publishedDates,
    dates: 'utc' as const,
  });
  if (doc.feed) {
    const entries = asList(doc.feed.entry);
    const papers = entries.flatMap((entry, index) => {
      const links = asList(entry.link);
      const alternate = links.find((l) => l['@rel'] === 'alternate')?.['@href'];
      const url = typeof alternate === 'string' ? alternate : text(entry.id);
      return (
        buildPaper(
          {
            title: text(entry.title),
            abstract: text(entry.summary) || text(entry.content),
            authors: asList(entry.author).map((a) => text(a.name)),
            categories: asList(entry.category).map((c) => text(c['@term'])),
            url,
            idSources: [text(entry.id), url],
            published: text(entry.published) || text(entry.updated),
          },
          context(index),
        ) ?? []
      );
    });
    return { format: 'atom', papers, warnings, publishedDates, entries: entries.length };
  }
  const channel = doc.rss?.channel as Record<string, unknown> | undefined;
  const rdf = doc.RDF as Record<string, unknown> | undefined;
  if (!channel && !rdf) {
    throw new AppError('DIGEST_MALFORMED', `${fileName}: XML is neither an Atom feed nor an RSS feed`, {
      details: { file: fileName },
    });
  }
  const items = asList(channel?.item ?? rdf?.item);
  const papers = items.flatMap((item, index) => {
    // arXiv's RSS prefixes descriptions with "arXiv:2403.01234v1 Announce Type: new Abstract: …".
    const description = afterAbstractLabel(text(item.description));
    const creators =
      item.creator !== undefined ? asNodes(item.creator).map(text).join(', ') : text(item.author);
    return (
      buildPaper(
        {
          title: text(item.title),
          abstract: description,
          // Whitespace collapsed first, so the split below never meets a long run of it.
          authors: cleanText(creators.slice(0, fieldLimits.authors * fieldLimits.author))
            .split(/, ?| and /)
            .map((a) => a.trim())
            .filter(Boolean),
          categories: asNodes(item.category).map(text),
          url: text(item.link),
          idSources: [text(item.guid) || text(item.link), text(item.link)],
          published: text(item.pubDate) || text(item.date),
        },
        context(index),
      ) ?? []
    );
  });
  return { format: 'rss', papers, warnings, publishedDates, entries: items.length };
}

/** Validates and parses; whatever the XML libraries throw is this file's DIGEST_MALFORMED. */
function readXml(xml: string, fileName: string): Record<string, Record<string, unknown> | undefined> {
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(xml);
  } catch (cause) {
    throw malformed(fileName, undefined, (cause as Error).message, cause);
  }
  if (valid !== true) throw malformed(fileName, valid.err.line, valid.err.msg);
  try {
    const doc = parser.parse(xml) as unknown;
    return typeof doc === 'object' && doc !== null ? (doc as Record<string, Record<string, unknown>>) : {};
  } catch (cause) {
    throw malformed(fileName, undefined, (cause as Error).message, cause);
  }
}

function malformed(fileName: string, line: number | undefined, reason: string, cause?: unknown): AppError {
  return new AppError(
    'DIGEST_MALFORMED',
    `${fileName}: ${line ? `line ${line}: ` : ''}invalid XML: ${clipText(reason, maxReasonLength)}`,
    { ...(cause ? { cause } : {}), details: { file: fileName, ...(line ? { line } : {}) } },
  );
}

/** The part of an arXiv RSS description after "Abstract:", or all of it. */
function afterAbstractLabel(description: string): string {
  // A plain indexOf: the label is near the start, and no pattern is run over the whole text.
  const at = description.slice(0, 1000).search(/Abstract:/i);
  return at < 0 ? description : description.slice(at + 'Abstract:'.length).trimStart();
}

/** Element children as objects (an element with only text parses as a string, and is skipped). */
function asList(node: unknown): Record<string, unknown>[] {
  return asNodes(node).filter(
    (n): n is Record<string, unknown> => typeof n === 'object' && n !== null && !Array.isArray(n),
  );
}

function asNodes(node: unknown): unknown[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}
