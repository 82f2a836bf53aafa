export {
  digestExtensions,
  type IngestFileResult,
  ingestDigestFile,
  listDigestFiles,
} from './ingest-digests.ts';
