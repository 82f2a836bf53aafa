import type { Paper } from '../../src/digest/paper.ts';

/** A paper with only what the matcher reads: an id, a title and an abstract. */
export function makePaper(id: string, title: string, abstract: string): Paper {
  return { id, title, abstract, authors: [], categories: [] };
}
