// A proxy in front of a real registry that adds what docker-registry 2.8.2 lacks: conditional manifest
// PUTs (RFC 9110 §13.1: If-Match with the current digest as entity tag, If-None-Match: *), answered
// 412 when the condition fails. The first reads of a referrers tag (`sha256-…`) can be held until a
// given number of clients have all read it, so their read-modify-write rounds surely overlap as they
// would on a busy registry, however the machine schedules them.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';

const MANIFEST_PATH = /^\/v2\/(.+)\/manifests\/([^/]+)$/;
const ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

export interface RunningConditionalProxy {
  host: string;
  /** PUTs refused with 412. */
  refused: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(upstream: string, method: string, path: string, headers: IncomingMessage['headers'], body?: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, upstream);
    const req = httpRequest(target, { method, headers: { ...headers, host: target.host } }, (res) => {
      void readBody(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data }), reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The digest `path` holds now, or undefined when it does not exist. */
async function currentDigest(upstream: string, path: string): Promise<string | undefined> {
  const head = await forward(upstream, 'HEAD', path, { accept: ACCEPT });
  return head.status === 200 ? String(head.headers['docker-content-digest']) : undefined;
}

export interface ConditionalProxyOptions {
  /** The first this many reads of a referrers tag wait for each other (at most 10 s); later reads pass. */
  overlappingTagReads?: number;
  /** The entity tag of a manifest with this digest (default: the digest in quotes, as distribution sends). */
  entityTag?: (digest: string) => string;
}

/** Resolves the first `parties` callers together once all have arrived (or after 10 s); later callers at once. */
function readBarrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let openAll = (): void => undefined;
  const allArrived = new Promise<void>((resolve) => (openAll = resolve));
  const fallback = setTimeout(openAll, 10_000);
  fallback.unref();
  return async () => {
    if (arrived >= parties) return;
    arrived++;
    if (arrived === parties) openAll();
    await allArrived;
  };
}

export async function startConditionalProxy(upstream: string, options: ConditionalProxyOptions = {}): Promise<RunningConditionalProxy> {
  const entityTag = options.entityTag ?? ((digest: string) => `"${digest}"`);
  // Check-then-write of one path must itself be atomic.
  const queues = new Map<string, Promise<void>>();
  const state = { refused: 0 };
  const barrier = readBarrier(options.overlappingTagReads ?? 0);
  // Assigned once listening; requests come only after that.
  let proxyHost = '';
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? '/';
    const body = await readBody(req);
    const manifest = MANIFEST_PATH.exec(path);
    if (manifest && req.method === 'GET' && manifest[2].startsWith('sha256-')) await barrier();
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    let answer: Awaited<ReturnType<typeof forward>>;
    if (manifest && req.method === 'PUT' && (ifMatch || ifNoneMatch)) {
      const previous = queues.get(path) ?? Promise.resolve();
      let release = (): void => undefined;
      queues.set(path, new Promise<void>((r) => (release = r)));
      await previous;
      try {
        const digest = await currentDigest(upstream, path);
        const failed = (ifNoneMatch === '*' && digest !== undefined) || (ifMatch !== undefined && (digest === undefined || ifMatch !== entityTag(digest)));
        if (failed) state.refused++;
        answer = failed ? { status: 412, headers: {}, body: Buffer.alloc(0) } : await forward(upstream, 'PUT', path, req.headers, body);
      } finally {
        release();
      }
    } else {
      answer = await forward(upstream, req.method ?? 'GET', path, req.headers, body);
    }
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    if (typeof headers.location === 'string') headers.location = headers.location.replace(upstream, `http://${proxyHost}`);
    res.writeHead(answer.status, headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  const listener = await listenOnLoopback(server);
  proxyHost = listener.host;
  return {
    host: listener.host,
    get refused() {
      return state.refused;
    },
    close: listener.close,
  };
}
