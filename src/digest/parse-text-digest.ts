import { cleanText } from './clean-text.ts';
import { fieldLimits, limitText } from './field-limits.ts';
import type { Paper, ParseWarning } from './paper.ts';
import { paperId } from './paper-key.ts';

const headerLines = new Set(
  [
    'new',
    'get trending papers in your email inbox!',
    'subscribe',
    'byak and the research community',
    'daily papers',
  ].map((l) => l.toLowerCase()),
);

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dateLine =
  /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:(?:st|nd|rd|th)?,?\s+(\d{4}))?$/i;

export interface TextDigest {
  papers: Paper[];
  warnings: ParseWarning[];
  /** Month (1–12) and day from a date line such as "Mar 11", plus the year when the line has one. */
  monthDay?: { month: number; day: number; year?: number; line: number };
}

interface Block {
  line: number;
  lines: string[];
}

/** Parses the "Daily Papers" text format: header lines, a date line, then title / abstract blocks. */
export function parseTextDigest(text: string): TextDigest {
  const warnings: ParseWarning[] = [];
  const blocks = splitBlocks(text);
  let monthDay: TextDigest['monthDay'];
  let start = 0;
  // The header is everything up to the date line; without a date line, only known header lines are skipped.
  const dateIndex = blocks.findIndex(
    (b, i) => i < 12 && b.lines.length === 1 && isDateLine(b.lines[0] ?? ''),
  );
  if (dateIndex >= 0) {
    const block = blocks[dateIndex] as Block;
    const m = dateLine.exec(block.lines[0] ?? '') as RegExpExecArray;
    const month = monthNames.indexOf((m[1] ?? '').slice(0, 3).toLowerCase()) + 1;
    monthDay = { month, day: Number(m[2]), line: block.line, ...(m[3] ? { year: Number(m[3]) } : {}) };
    start = dateIndex + 1;
  }
  const body = blocks
    .slice(start)
    .filter((b) => !(b.lines.length === 1 && headerLines.has((b.lines[0] ?? '').toLowerCase())));

  const papers: Paper[] = [];
  let pending: { title: string; line: number } | undefined;
  const flushTitleOnly = () => {
    if (!pending) return;
    warnings.push({
      line: pending.line,
      field: 'abstract',
      message: `title "${pending.title}" has no abstract`,
    });
    papers.push(makePaper(pending.title, ''));
    pending = undefined;
  };
  for (const block of body) {
    const joined = cleanText(
      limitText(
        block.lines.join(' '),
        fieldLimits.abstract,
        { line: block.line, what: 'paragraph' },
        warnings,
      ),
    );
    if (!joined) continue;
    if (pending === undefined) {
      if (looksLikeTitle(block)) pending = { title: joined, line: block.line };
      else warnings.push({ line: block.line, message: 'paragraph without a title line before it; skipped' });
      continue;
    }
    if (looksLikeTitle(block) && !looksLikeAbstract(block)) {
      flushTitleOnly();
      pending = { title: joined, line: block.line };
      continue;
    }
    papers.push(makePaper(pending.title, joined));
    pending = undefined;
  }
  flushTitleOnly();
  return { papers, warnings, ...(monthDay ? { monthDay } : {}) };
}

/** A date line is short; longer lines are not tried at all. */
function isDateLine(line: string): boolean {
  return line.length <= 40 && dateLine.test(line);
}

function makePaper(title: string, abstract: string): Paper {
  return { id: paperId(title), title, abstract, authors: [], categories: [] };
}

function splitBlocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let current: Block | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) {
      current = undefined;
      return;
    }
    if (!current) {
      current = { line: i + 1, lines: [] };
      blocks.push(current);
    }
    current.lines.push(line);
  });
  return blocks;
}

/** A title is one short line that does not read like prose sentences. */
function looksLikeTitle(block: Block): boolean {
  if (block.lines.length !== 1) return false;
  const line = block.lines[0] ?? '';
  if (line.length > 300) return false;
  return !/[.;]$/.test(line) || line.split(/\s+/).length <= 3;
}

function looksLikeAbstract(block: Block): boolean {
  const text = block.lines.join(' ');
  return block.lines.length > 1 || text.length > 300 || /\.\s+[A-Z]/.test(text);
}
