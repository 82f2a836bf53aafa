export { cleanText } from './clean-text.ts';
export { isCalendarDate, latestAcceptedDate, readContentDate } from './digest-date.ts';
export {
  type DateSource,
  type Paper,
  Paper as PaperSchema,
  type ParsedDigest,
  type ParseWarning,
} from './paper.ts';
export { extractArxivId, paperId, titleKey } from './paper-key.ts';
export { type DigestInput, parseDigest } from './parse-digest.ts';
