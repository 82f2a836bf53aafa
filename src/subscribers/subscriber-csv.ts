import { CsvError, parse } from 'csv-parse/sync';

/** One CSV record with the line it starts on, for error messages a person can find in the file. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** A record the parser could not read (a stray or unclosed quote), with the line it starts on. */
export interface CsvProblem {
  line: number;
  message: string;
}

export interface ParsedCsv {
  records: CsvRecord[];
  problems: CsvProblem[];
}

/** After this many malformed records the rest of the file is not read: it is probably not CSV at all. */
const maxProblems = 1000;

/** What each csv-parse error means for the person fixing the file; its own messages name lines of a slice. */
function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a quote (") inside a cell that does not start with one; quote the whole cell and double the quote, as in "a ""b"" c"';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text after the closing quote of a cell; quote the whole cell and double any quote inside it';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed';
    default:
      return `not valid CSV (${error.code})`;
  }
}

/**
 * RFC 4180 CSV, read by csv-parse: quoted cells may hold commas, quotes ("") and line breaks; CRLF,
 * LF or CR line ends; a UTF-8 byte-order mark (Excel writes one) is ignored; blank lines are skipped.
 * A malformed record (`a"b`, `"a"b`, a quote never closed) is reported at the line it starts on and
 * reading goes on with the next line, so one stray quote never swallows the rows after it.
 *
 * @example parseCsv('email,topics\nada@example.org,"RLHF; reward models"\n').records
 */
export function parseCsv(text: string): ParsedCsv {
  // One line end, so csv-parse's line numbers are the file's (it counts a lone CR oddly after CRLF).
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  /** Index in `lines` where the next record may start. */
  let next = 0;
  const skipBlank = (index: number) => {
    let i = index;
    while (i < lines.length && lines[i] === '') i++;
    return i;
  };
  while (skipBlank(next) < lines.length) {
    const offset = next;
    try {
      parse(lines.slice(offset).join('\n'), {
        // Each record arrives with its position; the typings describe the record without `info`.
        info: true,
        relax_column_count: true,
        skip_empty_lines: true,
        on_record: (entry) => {
          const { record, info } = entry as unknown as { record: string[]; info: { lines: number } };
          // `info.lines` is the line the record ends on; it starts on the first non-blank line after the previous one.
          records.push({ line: skipBlank(next) + 1, cells: record });
          next = offset + info.lines;
          return null;
        },
      });
      break;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      const start = skipBlank(next);
      problems.push({ line: start + 1, message: describeCsvError(error) });
      next = start + 1;
      if (problems.length >= maxProblems) {
        problems.push({ line: next + 1, message: `stopped reading after ${maxProblems} malformed rows` });
        break;
      }
    }
  }
  return { records, problems };
}

/**
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab or CR before one) as a
 * formula (CSV injection). Such a cell gets a leading `'`, which spreadsheets show as text;
 * a cell that already starts with `'` before one of them gets one more, so import can undo exactly one.
 */
const formulaStart = /^'*[=+\-@\t\r]/;

/** A cell as it is safe to open in a spreadsheet. */
export function neutralizeFormula(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

/** Undoes `neutralizeFormula`, so an export imports back unchanged. */
export function restoreFormula(value: string): string {
  return value.startsWith("'") && formulaStart.test(value) ? value.slice(1) : value;
}

/** Quotes a cell only when it must be quoted. */
function formatCell(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Rows (the first one being the header) as CSV text with CRLF line ends, as RFC 4180 specifies,
 * with every cell that a spreadsheet would run as a formula neutralized.
 */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(formatCell).join(',')}\r\n`).join('');
}
