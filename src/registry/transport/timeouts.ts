// Time limits for every HTTP exchange, kept here rather than left to the HTTP client: its `timeout`
// ends at the response headers, and aborting it after the headers crashes the process (see
// cancellation.ts). Three phases, each with its limit:
//   sending the request body   — the connection takes no bytes for `idleMs`;
//   waiting for the headers    — `headersMs` from the end of the request body (or from the start);
//   reading the response body  — no bytes arrive for `idleMs` while the reader is ready for more.
// The policy also has the client stream every response, so nothing is buffered behind the caller's
// back: bodies are read through readBodyBytes (bounded) or let go with discardBody (body.ts).
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream';
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import { TimeoutError } from '../errors';
import { redactUrlForLog } from './redact';

export interface TimeoutOptions {
  /** Longest wait for the response headers once the request is sent (default 30 s). */
  headersMs?: number;
  /** Longest pause inside a request or response body (default 60 s). */
  idleMs?: number;
}

const DEFAULT_TIMEOUTS: Required<TimeoutOptions> = { headersMs: 30_000, idleMs: 60_000 };
const TIMEOUT_POLICY_NAME = 'crxTimeoutPolicy';

/** Request bodies are handed to the connection in slices so that its progress can be seen. */
const SLICE_BYTES = 64 * 1024;
const STREAM_EVERY_STATUS = new Set([Number.POSITIVE_INFINITY]);

type Phase = 'sending' | 'waiting' | 'reading';

/** Node's timers fire at once (after a warning) when given more than 2^31 - 1 ms, so longer limits are cut to it. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

function limit(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.min(value, LONGEST_TIMER_MS) : fallback;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function timeoutError(phase: Phase, ms: number, request: PipelineRequest): TimeoutError {
  const host = new URL(request.url).host;
  const what = `${request.method} ${redactUrlForLog(request.url)}`;
  const message = {
    sending: `${host} took no data for ${seconds(ms)} while the request body was sent (${what})`,
    waiting: `${host} did not answer within ${seconds(ms)} (${what})`,
    reading: `${host} sent no data for ${seconds(ms)} while the response was read (${what})`,
  }[phase];
  return new TimeoutError(message, { method: request.method, url: request.url });
}

/** A body the connection pulls slice by slice; `onPull` sees each pull, `onEnd` the last one. */
function slicedBody(bytes: Buffer, onPull: () => void, onEnd: () => void): () => Readable {
  return () => {
    let offset = 0;
    return new Readable({
      highWaterMark: SLICE_BYTES,
      read() {
        onPull();
        if (offset >= bytes.length) {
          onEnd();
          this.push(null);
          return;
        }
        const end = Math.min(bytes.length, offset + SLICE_BYTES);
        this.push(bytes.subarray(offset, end));
        offset = end;
      },
    });
  };
}

/** Passes a stream through, calling `onData` per chunk and `onEnd` at its end. */
function observed(source: NodeJS.ReadableStream, onData: () => void, onEnd: () => void): Transform {
  const through = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      onData();
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      onEnd();
      callback();
    },
  });
  pipeline(source as Readable, through, () => undefined);
  return through;
}

function asBytes(body: PipelineRequest['body']): Buffer | undefined {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
}

/**
 * Wraps a response body so that it fails with `error()` when no data arrives for `idleMs`. Time in
 * which the reader is behind (the wrapper's buffer is full) does not count. The wrapper never
 * crashes the process with an unheard 'error': readers that come later still see the failure.
 */
function idleTimedBody(source: NodeJS.ReadableStream, idleMs: number, error: () => Error): Readable {
  let timer: NodeJS.Timeout | undefined;
  const watched = observed(source, () => timer?.refresh(), () => clearTimeout(timer));
  timer = setTimeout(function check() {
    if (watched.writableNeedDrain) {
      timer = setTimeout(check, idleMs);
      return;
    }
    watched.destroy(error());
  }, idleMs);
  watched.on('error', () => undefined);
  watched.once('close', () => clearTimeout(timer));
  return watched;
}

export function createTimeoutPolicy(options: TimeoutOptions = {}): PipelinePolicy {
  const headersMs = limit(options.headersMs, DEFAULT_TIMEOUTS.headersMs);
  const idleMs = limit(options.idleMs, DEFAULT_TIMEOUTS.idleMs);
  return {
    name: TIMEOUT_POLICY_NAME,
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const originalBody = request.body;
      const controller = new AbortController();
      const forward = (): void => controller.abort((outer as AbortSignal | undefined)?.reason);
      if (outer?.aborted) forward();
      else outer?.addEventListener('abort', forward, { once: true });

      let expired: TimeoutError | undefined;
      let timer: NodeJS.Timeout | undefined;
      const arm = (phase: Phase): void => {
        clearTimeout(timer);
        const ms = phase === 'waiting' ? headersMs : idleMs;
        timer = setTimeout(() => {
          expired = timeoutError(phase, ms, request);
          controller.abort(expired);
        }, ms);
      };
      const pulled = (): void => void timer?.refresh();
      const sent = (): void => arm('waiting');

      const bytes = asBytes(originalBody);
      if (bytes && bytes.length > 0) {
        if (!request.headers.has('content-length')) request.headers.set('content-length', String(bytes.length));
        request.body = slicedBody(bytes, pulled, sent);
      } else if (typeof originalBody === 'function') {
        const factory = originalBody as () => NodeJS.ReadableStream;
        request.body = () => observed(factory(), pulled, sent);
      } else if (originalBody && typeof (originalBody as NodeJS.ReadableStream).pipe === 'function') {
        request.body = observed(originalBody as NodeJS.ReadableStream, pulled, sent);
      }
      arm(request.body !== originalBody ? 'sending' : 'waiting');

      request.abortSignal = controller.signal;
      request.timeout = 0;
      request.streamResponseStatusCodes = STREAM_EVERY_STATUS;
      try {
        const response = await next(request);
        clearTimeout(timer);
        if (response.readableStreamBody) {
          response.readableStreamBody = idleTimedBody(response.readableStreamBody, idleMs, () => timeoutError('reading', idleMs, request));
        }
        return response;
      } catch (error) {
        clearTimeout(timer);
        throw expired ?? error;
      } finally {
        outer?.removeEventListener('abort', forward);
        request.abortSignal = outer;
        request.body = originalBody;
      }
    },
  };
}
