import type { Paper } from '../digest/paper.ts';

/**
 * The part of the matcher's `RankedPaper` that rendering needs. Structural, so the render module
 * depends on no matcher internals and tests can build fixtures by hand.
 */
export interface IssuePaper {
  paper: Paper;
  /** Why the matcher picked the paper, in its words, best first. */
  reasons: readonly string[];
  /** The subscriber's topics this paper matched, best first. */
  matchedTopics: readonly string[];
  /** `false` leaves the paper out, so the matcher's full ranking can be passed as is. */
  selected?: boolean;
}

/** Links that are personal to one subscriber (they carry signed tokens). */
export interface IssueLinks {
  preferencesUrl: string;
  unsubscribeUrl: string;
  /** The web archive of this edition: `${PUBLIC_URL}/archive/${date}`. */
  archiveUrl: string;
}

export interface IssueData {
  newsletterName: string;
  /** Edition date, ISO `YYYY-MM-DD`. */
  date: string;
  /** Ranked papers in the order they should appear. */
  papers: readonly IssuePaper[];
  /** The subscriber's topics, in their order. */
  topics: readonly string[];
  links: IssueLinks;
  postalAddress: string;
}

export interface RenderedIssue {
  subject: string;
  html: string;
  text: string;
  preheader: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
