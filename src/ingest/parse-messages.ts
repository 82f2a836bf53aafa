import type { DigestInput, ParsedDigest } from '../digest/index.ts';
import type { ErrorCode } from '../errors/index.ts';

/** One digest to parse; the bytes travel as a transferred ArrayBuffer, not a copy. */
export interface ParseRequest {
  id: number;
  input: Omit<DigestInput, 'bytes'>;
  bytes?: ArrayBuffer;
}

/** The worker's answer: the parsed digest, or the AppError it threw, as plain data. */
export type ParseReply =
  | { id: number; parsed: ParsedDigest }
  | { id: number; error: { code: ErrorCode; message: string; details: Record<string, unknown> } };
