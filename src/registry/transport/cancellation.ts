// Cancelling a request whose body is streamed. The HTTP client (ts-http-runtime) answers an abort by
// destroying the request with an error; once the response has arrived, that error lands on a socket
// nobody listens to any more and crashes the process as an uncaught exception. So the client only
// sees the caller's signal until the headers are in; after that an abort destroys the body stream
// itself (which Node handles cleanly), and readers of the body get an AbortedError.
import type { Readable } from 'node:stream';
import { AbortedError } from '../errors';

export interface RequestCancellation {
  /** The signal to give the HTTP client: follows the caller's until `headersReceived`. */
  readonly signal?: AbortSignal;
  /** Stops forwarding aborts to the HTTP client; from now on they destroy `body` (if any) instead. */
  headersReceived(body: NodeJS.ReadableStream | undefined, what: string): void;
  /** The request failed before a response: stop listening. */
  release(): void;
}

export function requestCancellation(outer: AbortSignal | undefined): RequestCancellation {
  if (!outer) return { headersReceived: () => undefined, release: () => undefined };
  const inner = new AbortController();
  const forward = (): void => inner.abort(outer.reason);
  if (outer.aborted) forward();
  else outer.addEventListener('abort', forward, { once: true });
  const release = (): void => outer.removeEventListener('abort', forward);
  return {
    signal: inner.signal,
    release,
    headersReceived(body, what) {
      release();
      if (!body) return;
      const stream = body as Readable;
      const destroyBody = (): void => {
        stream.destroy(new AbortedError(`cancelled: ${what}`));
      };
      if (outer.aborted) return destroyBody();
      outer.addEventListener('abort', destroyBody, { once: true });
      const done = (): void => outer.removeEventListener('abort', destroyBody);
      stream.once('end', done);
      stream.once('close', done);
    },
  };
}
