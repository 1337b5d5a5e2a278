import { createServer } from 'node:net';
import { listenOnLoopback } from './loopback';

/** A loopback port nothing listens on: taken, then given back (to be refused, or for a process that binds a fixed port). */
export async function closedPort(): Promise<number> {
  const listener = await listenOnLoopback(createServer());
  await listener.close();
  return listener.port;
}
