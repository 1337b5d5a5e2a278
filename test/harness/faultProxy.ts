// A reverse proxy in front of a real registry that injects faults into chosen requests: dropped
// connections, stalls, throttling and server errors, bodies shorter than their Content-Length,
// flipped bytes, and bearer tokens that stop working before their stated expiry. The caller decides
// per request (see FaultProxyOptions.chooseFault); the proxy counts what it actually injected.
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';
import { EarlyTokenExpiry } from './faultTokens';
import { isBodyFault, relayBody, sleepUnlessClosed, type BodyFault } from './faultRelay';

export type Fault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503; retryAfter?: string }
  /** The registry handles the request, then the connection is reset before the response headers. */
  | { kind: 'dropBeforeHeaders' }
  /** The connection is reset after reading this fraction of the request body (requests with a body only). */
  | { kind: 'dropRequest'; at: number }
  /** Nothing is sent for `ms` (Infinity: until the client gives up), then the request goes on. */
  | { kind: 'stallHeaders'; ms: number }
  | BodyFault
  /** The bearer token of this request (and every later use of it) is refused from now on. */
  | { kind: 'expireToken' };

export interface ProxiedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  hasBearer: boolean;
  /** Request body length from Content-Length (0 when absent). */
  bodyLength: number;
}

export interface FaultProxyOptions {
  /** `http://127.0.0.1:<port>` of the registry. */
  upstream: string;
  chooseFault(request: ProxiedRequest): Fault | undefined;
}

export interface RunningFaultProxy {
  url: string;
  host: string;
  /** Faults injected so far, by label (e.g. `status 503 + Retry-After`, `stall body`). */
  injected: Map<string, number>;
  /** Requests that presented a token the proxy had expired. */
  refusedTokens: number;
  /** Every injected fault with its request, in order (path without query). */
  events: { method: string; path: string; label: string }[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function endToEndHeaders(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) result[name] = value;
  return result;
}

function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function statusBody(status: number): string {
  const code = status === 429 ? 'TOOMANYREQUESTS' : 'UNAVAILABLE';
  return JSON.stringify({ errors: [{ code, message: `fault proxy: injected HTTP ${status}` }] });
}

export function faultLabel(fault: Fault): string {
  switch (fault.kind) {
    case 'status':
      return `status ${fault.status}${fault.retryAfter !== undefined ? ' + Retry-After' : ''}`;
    case 'dropBeforeHeaders':
      return 'drop before headers';
    case 'dropRequest':
      return 'drop while sending';
    case 'stallHeaders':
      return Number.isFinite(fault.ms) ? 'stall headers (short)' : 'stall headers';
    case 'dropBody':
      return 'drop after N bytes';
    case 'stallBody':
      return Number.isFinite(fault.ms) ? 'stall body (short)' : 'stall body';
    case 'shortBody':
      return 'short body';
    case 'corruptByte':
      return 'corrupt byte';
    case 'expireToken':
      return 'token expired early';
  }
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<RunningFaultProxy> {
  const upstream = new URL(options.upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const injected = new Map<string, number>();
  const tokens = new EarlyTokenExpiry();
  const closing = new AbortController();
  const events: RunningFaultProxy['events'] = [];
  const count = (fault: Fault, req: IncomingMessage): void => {
    const label = faultLabel(fault);
    injected.set(label, (injected.get(label) ?? 0) + 1);
    events.push({ method: req.method ?? '', path: (req.url ?? '').split('?', 1)[0], label });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const clientGone = new AbortController();
    const abort = (): void => clientGone.abort();
    closing.signal.addEventListener('abort', abort, { once: true });
    res.on('close', () => {
      closing.signal.removeEventListener('abort', abort);
      abort();
    });
    const bearer = bearerOf(req);
    const fault = options.chooseFault({ method: req.method ?? 'GET', url: req.url ?? '/', hasBearer: bearer !== undefined, bodyLength: Number(req.headers['content-length'] ?? 0) });
    const headers = endToEndHeaders(req.headers);

    if (bearer) {
      if (tokens.use(bearer, fault?.kind === 'expireToken')) count({ kind: 'expireToken' }, req);
      // Forwarded without it: the registry answers with its own challenge, as for any expired token.
      if (tokens.isExpired(bearer)) delete headers.authorization;
    }
    if (fault?.kind === 'status') {
      count(fault, req);
      req.resume();
      const extra: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
      res.writeHead(fault.status, { 'content-type': 'application/json', ...extra });
      res.end(statusBody(fault.status));
      return;
    }
    if (fault?.kind === 'stallHeaders') {
      count(fault, req);
      await sleepUnlessClosed(fault.ms, clientGone.signal);
      if (clientGone.signal.aborted) return;
    }

    const upstreamRequest = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent });
    res.on('close', () => {
      if (!res.writableFinished) upstreamRequest.destroy();
    });
    upstreamRequest.on('error', () => res.destroy());
    if (fault?.kind === 'dropRequest' && Number(req.headers['content-length'] ?? 0) > 0) {
      const limit = Math.floor(fault.at * Number(req.headers['content-length']));
      let seen = 0;
      count(fault, req);
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > limit) {
          req.socket.resetAndDestroy();
          upstreamRequest.destroy();
        }
      });
    }
    req.pipe(upstreamRequest);
    const response = await new Promise<IncomingMessage | undefined>((resolve) => {
      upstreamRequest.once('response', resolve);
      upstreamRequest.once('error', () => resolve(undefined));
      clientGone.signal.addEventListener('abort', () => resolve(undefined), { once: true });
    });
    if (!response || clientGone.signal.aborted) {
      response?.destroy();
      return;
    }
    if (fault?.kind === 'dropBeforeHeaders') {
      count(fault, req);
      response.resume();
      req.socket.resetAndDestroy();
      return;
    }
    const status = response.statusCode ?? 502;
    const bodyLength = req.method === 'HEAD' || status === 204 || status === 304 ? 0 : Number(response.headers['content-length'] ?? NaN);
    const bodyFault = fault && isBodyFault(fault) ? fault : undefined;
    await relayBody(response, res, { status, headers: endToEndHeaders(response.headers), bodyLength, fault: bodyFault, onInjected: () => bodyFault && count(bodyFault, req), clientGone: clientGone.signal });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    host: listener.host,
    injected,
    events,
    get refusedTokens() {
      return tokens.refused;
    },
    async close() {
      closing.abort();
      await listener.close();
      agent.destroy();
    },
  };
}
