export { canonicalArxivCategory } from './arxiv-categories.ts';
export { arxivAnnouncement, defaultFetchDate, planFetchDates } from './fetch-dates.ts';
export {
  type FetchDeps,
  type FetchOptions,
  type FetchReport,
  type FetchStatus,
  fetchSources,
  type SourceFetchResult,
} from './fetch-sources.ts';
export { formatBytes, type HttpDeps, httpGet, realHttpDeps } from './http-get.ts';
export { describeSource, parseSourcesSetting, SourceSpec, selectSources } from './source-spec.ts';
