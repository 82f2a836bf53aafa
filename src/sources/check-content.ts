import type { BodyKind } from './http-get.ts';

/** A response must be what the source promised: its type header and its first bytes say JSON or XML. */
const jsonType = /^(?:application\/(?:json|[\w.+-]+\+json)|text\/json)$/;
const xmlType = /^(?:application\/(?:xml|[\w.+-]+\+xml)|text\/xml)$/;
// Servers that do not know better label any file with these; the content check decides.
const neutralType = /^(?:|text\/plain|application\/octet-stream|binary\/octet-stream)$/;

export function checkContentType(header: string, expect: BodyKind): string | undefined {
  const type = (header.split(';')[0] ?? '').trim().toLowerCase();
  if (neutralType.test(type) || (expect === 'json' ? jsonType : xmlType).test(type)) return undefined;
  return `expected ${expect === 'json' ? 'JSON' : 'XML (Atom or RSS)'}, got ${type}${type === 'text/html' ? ' (an error or login page?)' : ''}`;
}

export function checkContent(body: Uint8Array, expect: BodyKind): string | undefined {
  const head = new TextDecoder()
    .decode(body.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!head) return 'the response body is empty';
  if (expect === 'json') {
    return head[0] === '[' || head[0] === '{'
      ? undefined
      : `expected JSON, but the body starts with "${head.slice(0, 40)}"`;
  }
  if (head[0] !== '<' || /^<(?:!doctype\s+html|html[\s>])/i.test(head)) {
    return `expected XML (Atom or RSS), but the body starts with "${head.slice(0, 40)}"`;
  }
  return undefined;
}
