// A pass-through proxy in front of docker-registry 2.8 that pages tag lists the way the OCI
// distribution spec describes (and Docker Hub, GHCR and distribution 3 do): `?n=` caps a page, tags
// come in lexical order after `last`, and a `Link: <…>; rel="next"` header points at the next page.
// docker-registry 2.8 ignores `n` for tags and sends every tag at once, so without this the demo's
// long tag list would never need "Load more". Everything else streams through unchanged; the Host
// header is kept, so the registry's absolute upload URLs name the proxy.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';

const TAGS_LIST = /^\/v2\/(.+)\/tags\/list$/;

export interface RunningTagPagingProxy {
  url: string;
  host: string;
  close(): Promise<void>;
}

export async function startTagPagingProxy(upstream: string): Promise<RunningTagPagingProxy> {
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    const name = TAGS_LIST.exec(url.pathname)?.[1];
    const pageSize = Number(url.searchParams.get('n'));
    const handled = req.method === 'GET' && name && Number.isInteger(pageSize) && pageSize > 0
      ? pageTags(target, req, res, name, pageSize, url.searchParams.get('last') ?? '')
      : forward(target, req, res);
    handled.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`tag paging proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  const { url, host, close } = await listenOnLoopback(server);
  return { url, host, close };
}

/** Streams the request to the registry and its answer back. */
function forward(target: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => resolve());
      answer.on('error', reject);
    });
    upstream.on('error', reject);
    req.pipe(upstream);
  });
}

/** One page of the full tag list the registry sends, with a next link while tags remain. */
async function pageTags(target: URL, req: IncomingMessage, res: ServerResponse, name: string, pageSize: number, last: string): Promise<void> {
  const answer = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: 'GET', path: `/v2/${name}/tags/list`, headers: req.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end();
  });
  if (answer.status !== 200) {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return;
  }
  const listed = JSON.parse(answer.body.toString('utf8')) as { name: string; tags: string[] | null };
  const after = (listed.tags ?? []).filter((tag) => tag > last).sort();
  const page = after.slice(0, pageSize);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (after.length > page.length) {
    headers.link = `</v2/${name}/tags/list?n=${pageSize}&last=${encodeURIComponent(page[page.length - 1])}>; rel="next"`;
  }
  res.writeHead(200, headers);
  res.end(JSON.stringify({ name: listed.name, tags: page }));
}
