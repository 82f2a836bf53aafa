export {
  digestExtensions,
  type IngestFileResult,
  type IngestOptions,
  ingestDigestFile,
  listDigestFiles,
} from './ingest-digests.ts';
export {
  createOffThreadParser,
  type DigestParser,
  type OffThreadParser,
  parseDigestOffThread,
} from './parse-off-thread.ts';
