export { canonicalArxivCategory } from '../config/arxiv-categories.ts';
export { describeSource, parseSourcesSetting, SourceSpec, selectSources } from '../config/source-spec.ts';
export { arxivAnnouncement, defaultFetchDate, planFetchDates } from './fetch-dates.ts';
export { fetchSources } from './fetch-sources.ts';
export type { FetchDeps, FetchOptions, FetchReport, FetchStatus, SourceFetchResult } from './fetch-types.ts';
export { formatBytes, type HttpDeps, httpGet, realHttpDeps } from './http-get.ts';
