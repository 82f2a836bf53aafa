export {
  activateSubscription,
  type ConfirmLink,
  type ConfirmResult,
  confirmSubscription,
  inspectConfirmLink,
} from './confirm-subscription.ts';
export {
  formatSubscribersCsv,
  type ImportProblem,
  type ImportReport,
  importSubscribers,
  subscriberCsvColumns,
  WeekdayValue,
} from './import-subscribers.ts';
export {
  findLinkedSubscriber,
  pauseSubscription,
  resumeSubscription,
  unsubscribeSubscriber,
  updatePreferences,
} from './manage-subscription.ts';
export { newSubscriberSettings } from './new-subscriber-settings.ts';
export {
  applyOperatorAction,
  liftSuppression,
  manualSuppressionReason,
  type OperatorAction,
  operatorActions,
} from './operator-actions.ts';
export {
  buildRateUrls,
  previewPublicId,
  type RateUrls,
  readRateToken,
} from './rate-links.ts';
export {
  type ExampleSearch,
  findExamplePapers,
  listRatedPapers,
  openRateLink,
  type RateAction,
  type RateOutcome,
  type RateTarget,
  ratePaper,
} from './rate-paper.ts';
export { requestSubscription, type SubscribeOutcome } from './request-subscription.ts';
export { sendConfirmationEmail, sendWelcomeEmail } from './send-subscriber-emails.ts';
export { createSignupQueue, type SignupQueue, type SignupQueueOptions } from './signup-queue.ts';
export {
  type CsvProblem,
  type CsvRecord,
  formatCsv,
  neutralizeFormula,
  type ParsedCsv,
  parseCsv,
  restoreFormula,
} from './subscriber-csv.ts';
export {
  describeMissingProfile,
  EmailAddress,
  type FieldErrors,
  type FormResult,
  PreferencesForm,
  RequiredTopicList,
  SubscribeForm,
  TimeZone,
  TopicDraft,
  TopicList,
  validateForm,
} from './subscriber-form.ts';
export {
  buildConfirmUrl,
  buildIssueWebUrl,
  buildSubscriberLinks,
  readIssueToken,
  type SubscriberLinks,
} from './subscriber-links.ts';
export {
  type EventLogger,
  type SubscriptionDeps,
  type SubscriptionSettings,
  silentLogger,
} from './subscription-deps.ts';
export {
  deriveKeyId,
  listVerificationKeys,
  signToken,
  type TokenClaims,
  type TokenPurpose,
  verifyToken,
} from './tokens.ts';
