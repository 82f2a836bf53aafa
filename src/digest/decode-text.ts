import { AppError } from '../errors/index.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns raw file bytes into text, refusing anything that is not UTF-8 text.
 * A NUL byte is the cheapest reliable sign of a binary file, and UTF-8 control
 * characters other than whitespace never appear in a real digest.
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  if (bytes.includes(0)) {
    throw new AppError('DIGEST_BINARY', `${fileName}: binary file (contains NUL bytes)`, {
      details: { file: fileName },
    });
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (cause) {
    const offset = findInvalidUtf8(bytes);
    const line = countLines(bytes, offset);
    throw new AppError(
      'DIGEST_BINARY',
      `${fileName}: line ${line}: not valid UTF-8 (byte offset ${offset})`,
      {
        cause,
        details: { file: fileName, line, offset },
      },
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  const control = /[\u0001-\u0008\u000e-\u001f\u007f]/.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split('\n').length;
    throw new AppError(
      'DIGEST_BINARY',
      `${fileName}: line ${line}: control character in text (binary file?)`,
      {
        details: { file: fileName, line },
      },
    );
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function findInvalidUtf8(bytes: Uint8Array): number {
  // Binary search on the longest valid prefix; cheap compared to a hand-written validator.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 10) line++;
  return line;
}
