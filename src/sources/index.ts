export { canonicalArxivCategory } from '../config/arxiv-categories.ts';
export { describeSource, parseSourcesSetting, SourceSpec, selectSources } from '../config/source-spec.ts';
export { arxivAnnouncement, defaultFetchDate, isIsoDate, planFetchDates } from './fetch-dates.ts';
export {
  type FetchDeps,
  type FetchOptions,
  type FetchReport,
  type FetchStatus,
  fetchSources,
  type SourceFetchResult,
} from './fetch-sources.ts';
export { formatBytes, type HttpDeps, httpGet, realHttpDeps } from './http-get.ts';
