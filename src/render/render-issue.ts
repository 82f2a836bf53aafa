import type { Paper } from '../digest/paper.ts';
import { AppError } from '../errors/index.ts';
import { buildIssueSubject } from './build-subject.ts';
import type { CompiledTemplates, FillTemplate } from './compile-templates.ts';
import { cutOnWord, excerptAbstract } from './excerpt-abstract.ts';
import { formatEditionDate } from './format-date.ts';
import type { IssueData, IssuePaper, RenderedIssue } from './issue-data.ts';
import { buildPaperLinks, type PaperLink } from './paper-links.ts';
import { formatList, wrapText } from './text-format.ts';

const maxPreheaderChars = 140;
const maxAuthors = 3;
const maxCategories = 2;
const maxReasons = 2;

/** Everything about a paper's card that is the same for every subscriber. */
interface PaperView {
  title: string;
  titleUrl: string;
  authorsLabel: string | null;
  categoriesLabel: string | null;
  upvotesLabel: string | null;
  excerpt: string;
  excerptText: string;
  paperLinks: PaperLink[];
}

// An edition renders the same few dozen papers for thousands of subscribers; computing each card's
// excerpt and links once per paper object keeps the per-issue cost at the template fill.
const paperViews = new WeakMap<Paper, PaperView>();

/**
 * Renders one subscriber's issue. Pure: the same templates and data give the same bytes.
 * Paper text is data, escaped exactly once by Handlebars, so `3<z<10` or `{{` show up literally.
 *
 * @example
 * const issue = renderIssue(templates, { newsletterName: 'Paperboy', date: '2024-03-11', papers, topics,
 *   links: { preferencesUrl, unsubscribeUrl, archiveUrl }, postalAddress });
 */
export function renderIssue(templates: CompiledTemplates, data: IssueData): RenderedIssue {
  const view = buildIssueView(data);
  return {
    subject: view.subject,
    preheader: view.preheader,
    html: fill(templates.issue.html, view, 'issue.mjml'),
    text: fill(templates.issue.text, view, 'issue.txt.hbs'),
  };
}

/** The Handlebars context of an issue: everything the templates show, computed in code, not in helpers. */
export function buildIssueView(data: IssueData) {
  const papers = data.papers.filter((ranked) => ranked.selected !== false);
  const date = formatEditionDate(data.date);
  const headlineTopics = rankTopics(papers, data.topics);
  const topicsLabel = formatList(headlineTopics, 3);
  return {
    subject: buildIssueSubject(papers.length, headlineTopics, date.short),
    preheader: buildPreheader(papers, topicsLabel),
    newsletterName: data.newsletterName,
    editionDateLong: date.long,
    hasPapers: papers.length > 0,
    countLabel: `${papers.length} ${papers.length === 1 ? 'paper' : 'papers'}`,
    topicsLabel,
    papers: papers.map((ranked, index) => ({
      // Nested rather than spread: copying the card's fields for every paper of every issue is measurable.
      card: viewPaper(ranked.paper),
      rankLabel: String(index + 1).padStart(2, '0'),
      rank: index + 1,
      topics: ranked.matchedTopics,
      reasonsLabel: ranked.reasons.slice(0, maxReasons).join(' · ') || null,
      hasWhy: ranked.matchedTopics.length > 0 || ranked.reasons.length > 0,
    })),
    links: data.links,
    footerLinks: [
      { label: 'Manage your topics', url: data.links.preferencesUrl },
      { label: 'Unsubscribe', url: data.links.unsubscribeUrl },
      { label: 'View in browser', url: data.links.archiveUrl },
    ],
    footerNote: `You get ${data.newsletterName} because you subscribed with your topics: ${formatList(data.topics, 6) || 'none yet'}.`,
    postalAddress: data.postalAddress,
  };
}

/** Handlebars strict mode throws on a missing field; name the template so the cause is obvious. */
export function fill(template: FillTemplate, view: object, file: string): string {
  try {
    return template(view);
  } catch (error) {
    throw new AppError(
      'RENDER_FAILED',
      `template ${file}: ${error instanceof Error ? error.message : error}`,
      {
        cause: error,
        details: { template: file },
      },
    );
  }
}

function viewPaper(paper: Paper): PaperView {
  const cached = paperViews.get(paper);
  if (cached) return cached;
  const { titleUrl, links } = buildPaperLinks(paper);
  const { excerpt } = excerptAbstract(paper.abstract);
  const authors = paper.authors.slice(0, maxAuthors).join(', ');
  const view: PaperView = {
    title: paper.title.replace(/\s+/g, ' ').trim(),
    titleUrl,
    authorsLabel: authors ? `${authors}${paper.authors.length > maxAuthors ? ' et al.' : ''}` : null,
    categoriesLabel: paper.categories.slice(0, maxCategories).join(' · ') || null,
    upvotesLabel: paper.upvotes ? `▲ ${paper.upvotes}` : null,
    excerpt,
    excerptText: wrapText(excerpt, 72, '   '),
    paperLinks: links,
  };
  paperViews.set(paper, view);
  return view;
}

/**
 * The topics to headline: the ones most papers matched, ties in the subscriber's own order;
 * the subscriber's topics when the matcher named none.
 */
export function rankTopics(papers: readonly IssuePaper[], topics: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const ranked of papers) {
    for (const topic of new Set(ranked.matchedTopics)) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  }
  if (counts.size === 0) return [...topics];
  const order = (topic: string) => {
    const index = topics.indexOf(topic);
    return index === -1 ? topics.length : index;
  };
  return [...counts.keys()].sort(
    (a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || order(a) - order(b),
  );
}

function buildPreheader(papers: readonly IssuePaper[], topicsLabel: string): string {
  const top = papers[0];
  if (!top) return `Nothing matched ${topicsLabel || 'your topics'} today.`;
  const more =
    papers.length > 1 ? ` — plus ${papers.length - 1} more${topicsLabel ? ` on ${topicsLabel}` : ''}` : '';
  return cutOnWord(`Top pick: ${top.paper.title.replace(/\s+/g, ' ').trim()}${more}`, maxPreheaderChars);
}
