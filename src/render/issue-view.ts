import type { Paper } from '../digest/paper.ts';
import { type BandView, buildBand } from './brand.ts';
import { buildIssueSubject, buildPreheader, type TopicCount } from './build-subject.ts';
import { cutOnWord, excerptAbstract, splitSentences } from './excerpt-abstract.ts';
import { formatEditionDate } from './format-date.ts';
import { groupByTopic } from './group-sections.ts';
import type { IssueData } from './issue-data.ts';
import { buildPaperLinks, type PaperLink, stripArxivMarker } from './paper-links.ts';
import { formatAuthors, formatList, wrapText } from './text-format.ts';

const maxAuthors = 3;
const maxCategories = 2;
/** A short excerpt is one sentence, cut on a word past this length. */
const shortExcerptChars = 200;

/** Everything about a paper's card that is the same for every subscriber. */
interface PaperView {
  title: string;
  titleUrl: string;
  titleIsSearch: boolean;
  authorsLabel: string | null;
  /** Categories and upvotes, e.g. `cs.LG · stat.ML · ▲ 42`. */
  metaLabel: string | null;
  /** The same for the text part, with the upvotes spelled out. */
  metaText: string | null;
  excerpts: Record<ExcerptLength, { html: string; text: string }>;
  paperLinks: PaperLink[];
}

export type ExcerptLength = 'full' | 'short';

export interface IssueViewOptions {
  /** `email` links to the web version; `web` is that page. */
  format: 'email' | 'web';
  excerpts: ExcerptLength;
  /** How many cards the email shows; the rest are counted in a line that links to the web version. */
  limit: number;
}

// An edition renders the same few dozen papers for thousands of subscribers; computing each card's
// excerpt and links once per paper object keeps the per-issue cost at the template fill.
const paperViews = new WeakMap<Paper, PaperView>();

/**
 * The Handlebars context of an issue: everything the templates show, computed in code, not in helpers.
 * Papers are grouped by their main topic; with two or more groups each gets a heading, else the
 * issue is one list.
 */
export function buildIssueView(data: IssueData, options: Partial<IssueViewOptions> = {}) {
  const { format = 'email', excerpts = 'full', limit = Number.POSITIVE_INFINITY } = options;
  const papers = data.papers.filter((ranked) => ranked.selected !== false);
  const groups = groupByTopic(papers, data.topics);
  const counts: TopicCount[] = groups.map((g) => ({ topic: g.topic, count: g.papers.length }));
  const sent = formatEditionDate(data.sentOn);
  const namedTopics = groups.flatMap((g) => (g.topic === undefined ? [] : [g.topic]));
  // Empty only for a reader whose profile is example papers: no topic to name, their likes instead.
  const topicsLabel =
    formatList(namedTopics.length > 0 ? namedTopics : data.topics, 3) || 'the papers you liked';
  const showHeadings = groups.length >= 2;
  let rank = 0;
  const sections = groups
    .map((group) => ({
      heading: showHeadings ? (group.topic ?? 'More papers for you') : null,
      countLabel: plural(group.papers.length, 'paper'),
      cards: group.papers.flatMap(({ ranked, evidence }) => {
        rank += 1;
        if (rank > limit) return [];
        const chips = ranked.matchedTopics.filter((topic) => topic !== group.topic);
        const why = evidence.why ?? null;
        const card = viewPaper(ranked.paper);
        return [
          {
            card,
            excerpt: card.excerpts[excerpts].html,
            excerptText: card.excerpts[excerpts].text,
            rankLabel: String(rank).padStart(2, '0'),
            rank,
            topics: chips,
            why,
            rate: data.rateUrls?.(ranked.paper.id) ?? null,
          },
        ];
      }),
    }))
    .filter((section) => section.cards.length > 0);
  const first = sections[0]?.cards[0];
  const webOnly = Math.max(0, papers.length - limit);
  return {
    subject: buildIssueSubject(counts, sent.short, data.topics),
    preheader: buildPreheader(first?.card.title, counts, groups[0]?.topic, topicsLabel),
    newsletterName: data.newsletterName,
    sentOnLong: sent.long,
    // The digest date without a year: a text digest's year may be a guess, and the month and day say enough.
    digestLabel: data.date !== data.sentOn ? formatEditionDate(data.date).short : null,
    band: buildBand(data.brand) satisfies BandView | null,
    isEmail: format === 'email',
    hasPapers: papers.length > 0,
    countLabel: plural(papers.length, 'paper'),
    topicsLabel,
    showHeadings,
    sections,
    webOnly:
      webOnly > 0
        ? { count: webOnly, label: `${plural(webOnly, 'more paper')} did not fit in this email.` }
        : null,
    links: data.links,
    footerLinks: [
      {
        label: data.topics.length > 0 ? 'Manage your topics' : 'Manage your example papers',
        url: data.links.preferencesUrl,
      },
      { label: 'Unsubscribe', url: data.links.unsubscribeUrl },
      ...(format === 'email' ? [{ label: 'View in browser', url: data.links.webUrl }] : []),
    ],
    footerNote:
      data.topics.length > 0
        ? `You get ${data.newsletterName} because you subscribed with your topics: ${formatList(data.topics, 6)}.`
        : `You get ${data.newsletterName} because you subscribed; your issues follow the papers you liked.`,
    postalAddress: data.postalAddress,
  };
}

export type IssueView = ReturnType<typeof buildIssueView>;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function viewPaper(paper: Paper): PaperView {
  const cached = paperViews.get(paper);
  if (cached) return cached;
  const { titleUrl, titleIsSearch, links } = buildPaperLinks(paper);
  const full = excerptAbstract(paper.abstract).excerpt;
  const short = cutOnWord(splitSentences(full)[0] ?? '', shortExcerptChars);
  const upvotes = paper.upvotes && paper.upvotes > 0 ? paper.upvotes : undefined;
  const meta = [...paper.categories.slice(0, maxCategories), ...(upvotes ? [`▲ ${upvotes}`] : [])];
  const view: PaperView = {
    title: stripArxivMarker(paper.title.replace(/\s+/g, ' ')),
    titleUrl,
    titleIsSearch,
    authorsLabel: formatAuthors(paper.authors, maxAuthors),
    metaLabel: meta.join(' · ') || null,
    metaText:
      [
        ...paper.categories.slice(0, maxCategories),
        ...(upvotes ? [`${plural(upvotes, 'upvote')} on Hugging Face`] : []),
      ].join(' · ') || null,
    excerpts: {
      full: { html: full, text: wrapText(full, 72, '   ') },
      short: { html: short, text: wrapText(short, 72, '   ') },
    },
    paperLinks: links,
  };
  paperViews.set(paper, view);
  return view;
}
