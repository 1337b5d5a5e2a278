// A tiny HTTP server whose behaviour each test scripts, to produce faults a real registry will not:
// dropped connections, corrupt bytes, throttling, redirects, hostile Link headers, referrers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type FaultHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface RunningFaultServer {
  url: string;
  host: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFaultServer(handler: FaultHandler): Promise<RunningFaultServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  const { url, host, close } = await listenOnLoopback(server);
  return { url, host, requests, close };
}

/** Serves `bytes` honouring a `Range: bytes=N-` header (206), as registries do for blobs. */
export function serveBytes(request: RecordedRequest, response: ServerResponse, bytes: Buffer): void {
  const range = /^bytes=(\d+)-$/.exec(String(request.headers.range ?? ''));
  if (range) {
    const start = Number(range[1]);
    if (start >= bytes.length) {
      response.writeHead(416, { 'content-range': `bytes */${bytes.length}` });
      response.end();
      return;
    }
    response.writeHead(206, { 'content-type': 'application/octet-stream', 'content-length': bytes.length - start, 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
    response.end(bytes.subarray(start));
    return;
  }
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
  response.end(bytes);
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
