// A forwarding proxy in front of a real registry that counts how many matching requests are open at
// once. Matching requests wait until `gather` of them are open (or `gatherMs` passes), so a client
// that moves blobs one at a time shows as 1 and one that moves n at once shows as n, whatever the
// machine's speed. The Host header is passed on as the client sent it, so the registry names the
// proxy in the upload locations it hands out.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';

export interface CountingProxyOptions {
  upstream: string;
  matches: (method: string, path: string) => boolean;
  gather: number;
  gatherMs: number;
}

export interface RunningCountingProxy {
  host: string;
  /** Most matching requests open at the same time. */
  maxOpen(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(options: CountingProxyOptions): Promise<RunningCountingProxy> {
  const upstream = new URL(options.upstream);
  let open = 0;
  let maxOpen = 0;
  let waiting: Array<() => void> = [];
  const releaseAll = (): void => {
    const released = waiting;
    waiting = [];
    for (const release of released) release();
  };
  const gathered = (): Promise<void> => new Promise((resolve) => {
    waiting.push(resolve);
    if (open >= options.gather) releaseAll();
    else setTimeout(releaseAll, options.gatherMs);
  });
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const outgoing = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    outgoing.on('error', () => res.destroy());
    req.pipe(outgoing);
  };
  const server = createServer((req, res) => {
    if (!options.matches(req.method ?? 'GET', new URL(req.url ?? '/', 'http://proxy').pathname)) return forward(req, res);
    open++;
    maxOpen = Math.max(maxOpen, open);
    res.once('close', () => open--);
    req.pause();
    void gathered().then(() => forward(req, res));
  });
  const listener = await listenOnLoopback(server);
  return {
    host: listener.host,
    maxOpen: () => maxOpen,
    reset: () => { maxOpen = 0; },
    close: () => {
      releaseAll();
      return listener.close();
    },
  };
}
