// Every socket read and every response body chunk is an ArrayBuffer of its own, and V8 frees those
// only in a collection, which external memory starts only after growing by tens of MiB: a download
// at full speed then peaks far above what it holds. A buffer nobody reads again is detached instead,
// which frees its memory at once.
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import type { IncomingMessage } from 'node:http';

type Transferable = ArrayBuffer & { transfer?: (newLength: number) => ArrayBuffer };

/** Frees a buffer's memory now, when it is the only view of its ArrayBuffer (never a slice of a shared pool). */
export function releaseBuffer(buffer: Uint8Array): void {
  const backing = buffer.buffer as Transferable;
  if (buffer.byteOffset !== 0 || backing.byteLength !== buffer.byteLength || typeof backing.transfer !== 'function') return;
  try {
    backing.transfer(0);
  } catch {
    // A buffer V8 will not detach (a SharedArrayBuffer, a non-detachable one) waits for a collection.
  }
}

/**
 * Node's HTTP parser copies each body chunk out of the socket read it came in (checked by a unit
 * test), so a read is unused once the parser's 'data' listener has run: it is released right after,
 * for as long as this response's body is read.
 */
function releaseSocketReads(body: IncomingMessage, socket: IncomingMessage['socket']): void {
  const release = (read: Buffer): void => queueMicrotask(() => releaseBuffer(read));
  socket.on('data', release);
  const stop = (): void => {
    socket.off('data', release);
  };
  body.once('end', stop);
  body.once('close', stop);
}

/** An HttpClient whose responses' socket reads are freed as soon as the HTTP parser is done with them. */
export function releasingSocketReads(inner: HttpClient): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const response = await inner.sendRequest(request);
      // Only Node's own response has a socket (a decompressed or wrapped body has none).
      const body = response.readableStreamBody as IncomingMessage | undefined;
      if (body?.socket) releaseSocketReads(body, body.socket);
      return response;
    },
  };
}
