import type { Config } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import { type CompiledTemplates, renderIssue } from '../render/index.ts';
import type { FrozenPaper, Store } from '../store/index.ts';
import { readJson } from '../store/json-column.ts';
import { readIssueToken } from '../subscribers/subscriber-links.ts';
import { listVerificationKeys } from '../subscribers/tokens.ts';
import { buildIssueData } from './build-issue-message.ts';
import { loadFrozenPapers } from './thaw-papers.ts';

export interface IssueWebViewDeps {
  store: Store;
  templates: CompiledTemplates;
  config: Config;
  clock: () => Date;
}

/**
 * The web version of one subscriber's issue, the target of its "View in browser" link: the papers
 * frozen for them in that edition, every one of them (an email that had to leave some out for
 * Gmail's size limit links here), in the email's own look. The link's signed token names the
 * subscriber and the edition, so it opens that issue and nothing else.
 *
 * @example
 * const html = await buildIssueWebView({ store, templates, config, clock }, c.req.param('token'));
 */
export async function buildIssueWebView(deps: IssueWebViewDeps, token: string): Promise<string> {
  const { store, config } = deps;
  const { publicId, date } = readIssueToken(listVerificationKeys(config), token, deps.clock());
  const gone = () => new AppError('NOT_FOUND', 'this issue is no longer available', { details: { date } });
  const subscriber = await store.subscribers.findByPublicId(publicId);
  if (!subscriber) throw gone();
  const edition = await store.editions.findEdition(date);
  const delivery = edition ? await store.editions.findDelivery(edition.id, subscriber.id) : undefined;
  if (!delivery) throw gone();
  const papers = await loadFrozenPapers(store, readJson<FrozenPaper[]>(delivery.papers, []));
  const data = buildIssueData({
    config,
    recipient: subscriber,
    date,
    papers,
    // The date the email went out, so the page says what the email said.
    now: new Date(delivery.sent_at ?? delivery.created_at),
  });
  return renderIssue(deps.templates, data, { format: 'web' }).html;
}
