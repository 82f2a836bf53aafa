export { buildIssueSubject, maxSubjectChars } from './build-subject.ts';
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
export { excerptAbstract, splitSentences } from './excerpt-abstract.ts';
export { formatEditionDate } from './format-date.ts';
export type { IssueData, IssueLinks, IssuePaper, RenderedEmail, RenderedIssue } from './issue-data.ts';
export {
  createDiskMjmlCache,
  defaultTemplateCacheDir,
  defaultTemplatesDir,
  loadTemplates,
  readTemplateSources,
} from './load-templates.ts';
export { buildPaperLinks, findPaperUrl, type PaperLink, toSafeHttpUrl } from './paper-links.ts';
export {
  type ConfirmData,
  describeRequestedTopics,
  renderConfirm,
  renderWelcome,
  type WelcomeData,
} from './render-account-email.ts';
export { renderIssue } from './render-issue.ts';
