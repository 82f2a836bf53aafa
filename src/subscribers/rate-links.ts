import { createHash } from 'node:crypto';
import { AppError } from '../errors/index.ts';
import { signToken, verifyToken } from './tokens.ts';

/** Both links of one paper in one subscriber's issue. */
export interface RateUrls {
  moreUrl: string;
  lessUrl: string;
}

/**
 * The subject of a topic preview's or operator preview's links: it names no subscriber, so a
 * "More like this" link in a preview opens a page that says so and records nothing.
 */
export const previewPublicId = 'preview';

/** Separates the subscriber and the paper digest in a rate link's subject (neither contains it). */
const rateSeparator = '~';

/**
 * A short, URL-safe digest of a paper id. Paper ids can be long (a title key of up to 1,000
 * characters), so the token carries this digest and the URL carries the id itself: the signature
 * covers the digest, so the id cannot be changed without breaking the link.
 */
function digestPaperId(paperId: string): string {
  let digest = paperDigests.get(paperId);
  if (digest === undefined) {
    digest = createHash('sha256').update(paperId).digest('base64url').slice(0, 16);
    if (paperDigests.size >= maxCachedDigests) paperDigests.clear();
    paperDigests.set(paperId, digest);
  }
  return digest;
}

// An edition's few dozen papers are linked in every reader's issue: each id is hashed once.
const paperDigests = new Map<string, string>();
const maxCachedDigests = 10_000;

/**
 * The "More like this" / "Less like this" links of one paper in one subscriber's issue. The token
 * binds the subscriber and the paper (a link works for that reader and that paper only); the vote
 * is a plain query parameter, since the page only offers the reader a button for it. Like the
 * preferences link it never expires, so old issues keep working.
 *
 * @example buildRateUrls(config.PUBLIC_URL, config.SECRET, subscriber.publicId, 'arxiv:2403.01234')
 */
export function buildRateUrls(
  publicUrl: string,
  secret: string,
  publicId: string,
  paperId: string,
): RateUrls {
  const token = signToken(secret, {
    purpose: 'rate',
    subject: `${publicId}${rateSeparator}${digestPaperId(paperId)}`,
  });
  const base = `${publicUrl}/rate/${token}?paper=${encodeURIComponent(paperId)}`;
  return { moreUrl: `${base}&vote=up`, lessUrl: `${base}&vote=down` };
}

/**
 * Checks a rate link (against each accepted key) for the paper id it came with and reads whose it
 * is. A token of another paper or another reader, a changed paper id and a token of another purpose
 * all throw TOKEN_INVALID.
 *
 * @example readRateToken(listVerificationKeys(config), token, c.req.query('paper') ?? '', now)
 */
export function readRateToken(
  keys: string | readonly string[],
  token: string,
  paperId: string,
  now: Date,
): { publicId: string } {
  const { subject } = verifyToken(keys, token, 'rate', now);
  const at = subject.lastIndexOf(rateSeparator);
  if (at <= 0 || !paperId || subject.slice(at + 1) !== digestPaperId(paperId)) {
    throw new AppError('TOKEN_INVALID', 'this link is invalid or was changed', {
      details: { purpose: 'rate' },
    });
  }
  return { publicId: subject.slice(0, at) };
}
