/** `arxiv:<id>` when known (version suffix dropped), else a key from the normalized title. */
export function paperId(title: string, arxivId?: string): string {
  return arxivId ? `arxiv:${arxivId}` : `title:${titleKey(title)}`;
}

export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/ /g, '-');
}

const newStyle = /(?:^|[^\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d.])/;
const oldStyle = /\b([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?\b/;

/** Extracts an arXiv identifier from an id, abs/pdf URL or "arXiv:…" string. */
export function extractArxivId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = newStyle.exec(value) ?? oldStyle.exec(value);
  return match?.[1];
}
