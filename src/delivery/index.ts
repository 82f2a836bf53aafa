export {
  buildIssueData,
  buildIssueMessage,
  buildIssueRaw,
  type IssueRecipient,
  renderIssueMessage,
} from './build-issue-message.ts';
export { buildIssueWebView, type IssueWebViewDeps } from './build-issue-web-view.ts';
export { classifySmtpError, type SmtpFailure } from './classify-smtp-error.ts';
export { computeRetryDelay } from './compute-retry-delay.ts';
export type { DeliveryDeps, DeliveryLogger } from './delivery-deps.ts';
export { type DryRunResult, dryRunEdition } from './dry-run-edition.ts';
export { type EnqueueResult, enqueueEdition } from './enqueue-edition.ts';
export { createLeaseOwner, isLeaseOwnerGone } from './lease-owner.ts';
export { type EditionPlan, type MatcherCache, type PlannedDelivery, planEdition } from './plan-edition.ts';
export {
  createConfiguredRenderer,
  createRenderPool,
  type IssueJob,
  type IssueRenderer,
} from './render-pool.ts';
export { type RunDeliveriesOptions, runDeliveries } from './run-deliveries.ts';
export { createSendSummary, formatSendSummary, type SendSummary } from './send-summary.ts';
