import type { Paper } from '../digest/paper.ts';
import type { Brand } from './brand.ts';

/**
 * The part of the matcher's `RankedPaper` that rendering needs. Structural, so the render module
 * depends on no matcher internals and tests can build fixtures by hand.
 */
export interface IssuePaper {
  paper: Paper;
  /** Why the matcher picked the paper, in its words (`RankedPaper.reasons`); the email rewrites them into one line. */
  reasons: readonly string[];
  /** The subscriber's topics this paper matched, in the subscriber's order. */
  matchedTopics: readonly string[];
  /** `false` leaves the paper out, so the matcher's full ranking can be passed as is. */
  selected?: boolean;
}

/** Links that are personal to one subscriber (they carry signed tokens). */
export interface IssueLinks {
  preferencesUrl: string;
  unsubscribeUrl: string;
  /** This subscriber's own issue on the web ("View in browser"), a signed link. */
  webUrl: string;
}

/** A paper's "More like this" and "Less like this" links in one subscriber's issue (signed per reader and paper). */
export interface RateUrls {
  moreUrl: string;
  lessUrl: string;
}

export interface IssueData {
  newsletterName: string;
  /** Edition date, ISO `YYYY-MM-DD`: the digest the papers came from. */
  date: string;
  /** The date the issue is sent, ISO `YYYY-MM-DD` in the subscriber's time zone: the header's date. */
  sentOn: string;
  /** Ranked papers in the order they should appear. */
  papers: readonly IssuePaper[];
  /** The subscriber's topics, in their order. */
  topics: readonly string[];
  links: IssueLinks;
  /**
   * The "More like this" / "Less like this" links of a paper, by paper id; absent, the cards carry
   * none. Computed by the caller, which holds the signing key.
   */
  rateUrls?: (paperId: string) => RateUrls;
  postalAddress: string;
  /** `BRAND_COLOR` and `LOGO_URL`: a header band when either is set. */
  brand?: Brand;
}

export interface RenderedIssue {
  subject: string;
  html: string;
  text: string;
  preheader: string;
  /** Papers left out to keep the HTML under Gmail's clipping limit; the web version has them. */
  papersInWebOnly: number;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
