import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './fixtures.ts';

export const sourceFixtures = join(repoRoot, 'test', 'fixtures', 'sources');

export function readSourceFixture(name: string): Buffer {
  return readFileSync(join(sourceFixtures, name));
}

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Never answer: the client's timeout has to end it. */
  hang?: boolean;
  /** Declare the whole body's length, send this many bytes, then drop the connection. */
  truncateAt?: number;
  /** Send the body in 1 kB chunks without a Content-Length. */
  chunked?: boolean;
}

export type FixtureHandler = FixtureResponse | ((request: RecordedRequest) => FixtureResponse);

export interface FixtureServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Every request, in order. */
  requests: RecordedRequest[];
  requestsTo(path: string): RecordedRequest[];
  /** Answers a path with these responses in turn; the last one repeats. Replaces earlier routes. */
  route(path: string, ...handlers: FixtureHandler[]): void;
  /** Forgets every route and request (between tests). */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on port 0 that plays recorded responses, so no test touches the internet.
 * Unknown paths answer 404.
 */
export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, FixtureHandler[]>();
  const served = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture.local');
    const request: RecordedRequest = { path: url.pathname, query: url.searchParams, headers: req.headers };
    requests.push(request);
    const handlers = routes.get(url.pathname);
    if (!handlers || handlers.length === 0) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not Found"}');
      return;
    }
    const index = served.get(url.pathname) ?? 0;
    served.set(url.pathname, index + 1);
    const handler = handlers[Math.min(index, handlers.length - 1)] as FixtureHandler;
    answer(res, typeof handler === 'function' ? handler(request) : handler);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    route(path, ...handlers) {
      routes.set(path, handlers);
      served.set(path, 0);
    },
    reset() {
      routes.clear();
      served.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, response: FixtureResponse): void {
  if (response.hang) return;
  const body =
    typeof response.body === 'string' ? Buffer.from(response.body) : (response.body ?? Buffer.alloc(0));
  if (response.chunked) {
    res.writeHead(response.status ?? 200, response.headers ?? {});
    for (let at = 0; at < body.byteLength; at += 1024) res.write(body.subarray(at, at + 1024));
    res.end();
    return;
  }
  const headers = { 'content-length': String(body.byteLength), ...response.headers };
  res.writeHead(response.status ?? 200, headers);
  if (response.truncateAt !== undefined) {
    res.write(body.subarray(0, response.truncateAt), () => res.socket?.destroy());
    return;
  }
  // A declared length beyond the body (a "2 GB" answer): send what there is and keep the line open.
  if (Number(headers['content-length']) > body.byteLength) {
    res.write(body);
    return;
  }
  res.end(body);
}

/** The response with an ETag, or 304 when the client sends that ETag back. */
export function withEtag(etag: string, handler: FixtureHandler): FixtureHandler {
  return (request) => {
    if (request.headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
    const response = typeof handler === 'function' ? handler(request) : handler;
    return { ...response, headers: { ...response.headers, etag } };
  };
}

/**
 * A small arXiv API over the recorded page: answers `start`/`max_results` with that slice of its
 * entries and the OpenSearch total, as export.arxiv.org does.
 */
export function arxivApi(page: Buffer, headers: Record<string, string> = {}): FixtureHandler {
  const xml = page.toString('utf8');
  const entries = xml.match(/<entry>[\s\S]*?<\/entry>/g) ?? [];
  const head = xml.slice(0, xml.indexOf('<entry>'));
  return (request) => {
    const start = Number(request.query.get('start') ?? 0);
    const size = Number(request.query.get('max_results') ?? 10);
    const slice = entries.slice(start, start + size);
    const body = `${head
      .replace(/(<opensearch:startIndex[^>]*>)\d+/, `$1${start}`)
      .replace(/(<opensearch:itemsPerPage[^>]*>)\d+/, `$1${size}`)}${slice.join('\n  ')}\n</feed>\n`;
    return { headers: { 'content-type': 'application/atom+xml; charset=utf-8', ...headers }, body };
  };
}

export const recordedValidators = {
  hfEtag: '"hf-2024-03-11"',
  arxivEtag: '"arxiv-page-1"',
  feedLastModified: 'Mon, 11 Mar 2024 06:00:00 GMT',
};

/**
 * The three recorded services: Hugging Face Daily Papers at /api/daily_papers, the arXiv API at
 * /api/query (both with an ETag) and the JMLR feed at /jmlr.xml (with Last-Modified).
 */
export function routeRecordedSources(server: FixtureServer): void {
  server.route(
    '/api/daily_papers',
    withEtag(recordedValidators.hfEtag, {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: readSourceFixture('hf-daily-papers.json'),
    }),
  );
  server.route(
    '/api/query',
    withEtag(recordedValidators.arxivEtag, arxivApi(readSourceFixture('arxiv-api-page.xml'))),
  );
  server.route('/jmlr.xml', (request) =>
    request.headers['if-modified-since'] === recordedValidators.feedLastModified
      ? { status: 304 }
      : {
          headers: {
            'content-type': 'application/rss+xml; charset=utf-8',
            'last-modified': recordedValidators.feedLastModified,
          },
          body: readSourceFixture('jmlr-rss.xml'),
        },
  );
}

/** The environment that points `paperboy` at the recorded services, plus any extra SOURCES entries. */
export function recordedSourcesEnv(
  server: FixtureServer,
  extraSources: string[] = [],
): Record<string, string> {
  return {
    SOURCES: ['hf-daily', 'arxiv:cs.LG+stat.ML', `jmlr=feed:${server.url}/jmlr.xml`, ...extraSources].join(
      ',',
    ),
    HF_DAILY_URL: `${server.url}/api/daily_papers`,
    ARXIV_API_URL: `${server.url}/api/query`,
    FETCH_CONTACT: 'ops@example.org',
  };
}
