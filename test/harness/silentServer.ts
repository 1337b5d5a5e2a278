// The worst a registry can do: accept connections and never read nor answer, so only the client's
// own time limits end a request.
import { createServer } from 'node:net';
import { listenOnLoopback, type LoopbackListener } from './loopback';

export interface RunningSilentServer extends LoopbackListener {
  /** Connections accepted so far. */
  connections(): number;
}

export async function startSilentServer(): Promise<RunningSilentServer> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    socket.pause();
    socket.on('error', () => undefined);
  });
  return { ...(await listenOnLoopback(server)), connections: () => accepted };
}
