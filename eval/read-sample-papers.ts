import { readFileSync } from 'node:fs';
import type { Paper } from '../src/digest/paper.ts';

/**
 * Reads a plain-text daily digest (header, a date line such as "Mar 11", then
 * title / blank / abstract blocks) into papers. A stand-in until the digest
 * parser lands; it knows only this one layout.
 */
export function readSamplePapers(path: string): Paper[] {
  const blocks = readFileSync(path, 'utf8')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '');
  const dateAt = blocks.findIndex((block) => /^[A-Z][a-z]{2} \d{1,2}$/.test(block));
  const papers: Paper[] = [];
  for (let i = dateAt + 1; i + 1 < blocks.length; i += 2) {
    const title = (blocks[i] ?? '').replace(/\s+/g, ' ');
    const abstract = (blocks[i + 1] ?? '').replace(/\s+/g, ' ');
    papers.push({ id: `title:${title.toLowerCase()}`, title, abstract, authors: [], categories: [] });
  }
  return papers;
}
