export { type BandView, type Brand, buildBand, readBrand } from './brand.ts';
export {
  buildIssueSubject,
  buildPreheader,
  maxPreheaderChars,
  maxSubjectChars,
  type TopicCount,
} from './build-subject.ts';
export {
  type CompiledTemplate,
  type CompiledTemplates,
  type CompileOptions,
  compileTemplates,
  type MjmlCache,
  type TemplateName,
  type TemplateSources,
  templateNames,
} from './compile-templates.ts';
export { describeWhy, findMainTopic, type ReadReason, readReasons } from './describe-why.ts';
export { cutOnWord, excerptAbstract, splitSentences } from './excerpt-abstract.ts';
export {
  formatEditionDate,
  formatLocalDate,
  formatNextIssue,
  formatSchedule,
  type ScheduleLabelInput,
} from './format-date.ts';
export { groupByTopic, type PaperEvidence, readEvidence, type TopicGroup } from './group-sections.ts';
export type {
  IssueData,
  IssueLinks,
  IssuePaper,
  RateUrls,
  RenderedEmail,
  RenderedIssue,
} from './issue-data.ts';
export { buildIssueView, type IssueView, type IssueViewOptions } from './issue-view.ts';
export {
  createDiskMjmlCache,
  defaultTemplateCacheDir,
  defaultTemplatesDir,
  loadTemplates,
  readTemplateSources,
} from './load-templates.ts';
export {
  buildPaperLinks,
  findArxivId,
  findPaperUrl,
  type PaperAddress,
  type PaperLink,
  type PaperLinks,
  stripArxivMarker,
  toSafeHttpUrl,
} from './paper-links.ts';
export {
  type ConfirmData,
  describeRequestedTopics,
  renderConfirm,
  renderWelcome,
  type WelcomeData,
} from './render-account-email.ts';
export { maxIssueHtmlBytes, type RenderIssueOptions, renderIssue } from './render-issue.ts';
export {
  type DayBar,
  fillDays,
  niceCeiling,
  renderDailyChart,
  renderStatusChart,
  type StatusBar,
} from './svg-charts.ts';
export { formatAuthors } from './text-format.ts';
