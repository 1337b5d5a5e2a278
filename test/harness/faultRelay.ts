// Relays a registry response to the client, optionally breaking its body on the way: the connection
// reset after N bytes, a pause after N bytes, a Content-Length larger than what is sent followed by a
// close, or one flipped byte. `at` is a fraction of the body, so one fault fits any body size.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type BodyFault =
  | { kind: 'dropBody'; at: number }
  /** Pauses for `ms` (Infinity: until the client gives up), then sends the rest. */
  | { kind: 'stallBody'; at: number; ms: number }
  /** Declares `extra` more bytes than the body has, sends `at` (0..1, inclusive) of the real ones, then closes (after `closeAfterMs`). */
  | { kind: 'shortBody'; at: number; extra: number; closeAfterMs?: number }
  | { kind: 'corruptByte'; at: number };

const BODY_FAULT_KINDS = new Set(['dropBody', 'stallBody', 'shortBody', 'corruptByte']);

export function isBodyFault(fault: { kind: string }): fault is BodyFault {
  return BODY_FAULT_KINDS.has(fault.kind);
}

export interface RelayOptions {
  status: number;
  headers: Record<string, string | string[]>;
  /** Bytes the body will have; 0 for none, NaN when the registry did not say. */
  bodyLength: number;
  fault?: BodyFault;
  /** Called once when the fault is actually applied (some do not fit every body). */
  onInjected(): void;
  clientGone: AbortSignal;
}

/** Resolves after `ms`, or as soon as `signal` aborts; Infinity waits for the abort alone. */
export function sleepUnlessClosed(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function write(res: ServerResponse, data: Buffer): Promise<void> {
  if (data.length === 0 || res.destroyed || res.write(data)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function closeAfter(res: ServerResponse, ms: number | undefined, clientGone: AbortSignal): Promise<void> {
  if (ms) await sleepUnlessClosed(ms, clientGone);
  res.socket?.end();
}

/** Where in the body the fault strikes; a short body may send every real byte, the others need one left. */
function faultOffset(fault: BodyFault, bodyLength: number): number {
  const offset = Math.floor(fault.at * bodyLength);
  return fault.kind === 'shortBody' ? Math.min(bodyLength, offset) : Math.min(bodyLength - 1, offset);
}

export async function relayBody(source: IncomingMessage, res: ServerResponse, options: RelayOptions): Promise<void> {
  const { clientGone, bodyLength } = options;
  let fault = options.fault;
  if (fault && !(bodyLength > 0)) {
    // No body to break (HEAD, 202, or an unknown length): a drop or a stall happens before the headers.
    if (fault.kind === 'dropBody') {
      options.onInjected();
      source.resume();
      res.socket?.resetAndDestroy();
      return;
    }
    if (fault.kind === 'stallBody') {
      options.onInjected();
      await sleepUnlessClosed(fault.ms, clientGone);
    }
    fault = undefined;
  }
  if (clientGone.aborted) {
    source.destroy();
    return;
  }
  const headers = { ...options.headers };
  if (fault?.kind === 'shortBody') headers['content-length'] = String(bodyLength + fault.extra);
  const at = fault ? faultOffset(fault, bodyLength) : -1;
  res.writeHead(options.status, headers);
  let position = 0;
  let fired = false;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (clientGone.aborted) break;
      let data = chunk;
      if (fault && !fired && position + data.length > at) {
        fired = true;
        options.onInjected();
        const offset = at - position;
        if (fault.kind === 'corruptByte') {
          data = Buffer.from(data);
          data[offset] ^= 0xff;
        } else {
          await write(res, data.subarray(0, offset));
          position += offset;
          data = data.subarray(offset);
          if (fault.kind === 'dropBody') {
            res.socket?.resetAndDestroy();
            source.destroy();
            return;
          }
          if (fault.kind === 'shortBody') {
            source.destroy();
            return closeAfter(res, fault.closeAfterMs, clientGone);
          }
          await sleepUnlessClosed(fault.ms, clientGone);
          if (clientGone.aborted) break;
        }
      }
      await write(res, data);
      position += data.length;
    }
  } catch {
    res.destroy();
    return;
  }
  if (clientGone.aborted) {
    source.destroy();
    return;
  }
  if (fault?.kind === 'shortBody' && !fired) {
    // Every real byte went out; the extra bytes the header promised never come.
    options.onInjected();
    return closeAfter(res, fault.closeAfterMs, clientGone);
  }
  res.end();
}
