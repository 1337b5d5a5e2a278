// Reading response bodies with limits, and turning failed responses into RegistryErrors. Every body
// the transport hands out is a stream with the idle limit of timeouts.ts, so a reader here can
// neither run out of memory nor wait forever.
import type { Readable } from 'node:stream';
import type { PipelineResponse } from '@azure/core-rest-pipeline';
import { errorFromResponse, MAX_ERROR_BODY_CHARS, RegistryError, TooLargeError } from '../errors';

/** Bodies of unwanted responses are drained up to this size so the connection can be reused; longer ones close it. */
const MAX_DISCARDED_BYTES = 64 * 1024;

/**
 * Reads the whole body, refusing more than `maxBytes` as soon as that is exceeded (or declared);
 * exact bytes are kept. A stalled body fails with the transport's TimeoutError.
 */
export async function readBodyBytes(response: PipelineResponse, maxBytes: number, what: string): Promise<Buffer> {
  const stream = response.readableStreamBody as Readable | undefined;
  if (!stream) {
    const bytes = Buffer.from(response.bodyAsText ?? '', 'utf8');
    if (bytes.length > maxBytes) throw new TooLargeError(`${what} is larger than the ${maxBytes}-byte limit`);
    return bytes;
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    stream.destroy();
    throw new TooLargeError(`${what} is ${declared} bytes, more than the ${maxBytes}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        stream.destroy();
        throw new TooLargeError(`${what} is larger than the ${maxBytes}-byte limit`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    // The socket's own error (e.g. "aborted" when the body ends before its Content-Length).
    const code = (error as { code?: string }).code;
    throw new RegistryError(`the connection was lost while reading ${what} (${code ?? (error as Error).message}, after ${total} bytes)`, { code, cause: error });
  }
  return Buffer.concat(chunks);
}

/** Lets go of a response nobody reads: a short body is drained (the connection stays reusable), a long one closes it. */
export function discardBody(response: PipelineResponse): void {
  const stream = response.readableStreamBody as Readable | undefined;
  if (!stream) return;
  let seen = 0;
  stream.on('error', () => undefined);
  stream.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_DISCARDED_BYTES) stream.destroy();
  });
}

/** The body as text for an error message, at most MAX_ERROR_BODY_CHARS; never throws. */
export async function readErrorText(response: PipelineResponse): Promise<string | undefined> {
  if (!response.readableStreamBody) return response.bodyAsText ?? undefined;
  try {
    return (await readBodyBytes(response, MAX_ERROR_BODY_CHARS, 'error body')).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Throws the matching RegistryError unless the status is one of `expected`. */
export async function expectStatus(response: PipelineResponse, expected: number[]): Promise<void> {
  if (expected.includes(response.status)) return;
  throw await failureOf(response);
}

export async function failureOf(response: PipelineResponse): Promise<RegistryError> {
  const text = await readErrorText(response);
  return errorFromResponse(response.status, text, response.request.method, response.request.url);
}
