// Test servers listen on a port of their own on a loopback address and, when closed, end every
// connection they hold (kept alive, stalled or tunnelled), so a test's end never waits on a socket.
import type { Server, Socket } from 'node:net';

/** Listening on a free loopback port is immediate; a start that takes longer has failed. */
const LISTEN_LIMIT_MS = 5_000;

export interface LoopbackOptions {
  /** Default 127.0.0.1; another loopback address (127.0.0.2, ::1) stands for another host. */
  address?: string;
  /** The scheme `url` names; default http. */
  scheme?: 'http' | 'https';
}

export interface LoopbackListener {
  port: number;
  /** `127.0.0.1:<port>`, or `[::1]:<port>` for an IPv6 address. */
  host: string;
  /** `http://<host>` (or https). */
  url: string;
  /** Stops listening and ends every connection; closing again does nothing more. */
  close(): Promise<void>;
}

export async function listenOnLoopback(server: Server, options: LoopbackOptions = {}): Promise<LoopbackListener> {
  const address = options.address ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    const timer = setTimeout(() => failed(new Error(`a test server did not start listening on ${address} within ${LISTEN_LIMIT_MS / 1000} s`)), LISTEN_LIMIT_MS);
    server.once('error', failed);
    server.listen(0, address, () => {
      clearTimeout(timer);
      server.off('error', failed);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  const host = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    port,
    host,
    url: `${options.scheme ?? 'http'}://${host}`,
    close: () => (closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    })),
  };
}
