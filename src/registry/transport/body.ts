// Reading response bodies with limits, and turning failed responses into RegistryErrors.
import type { PipelineResponse } from '@azure/core-rest-pipeline';
import { errorFromResponse, MAX_ERROR_BODY_CHARS, RegistryError, TooLargeError } from '../errors';

/** Reads the whole body (streamed or not), refusing more than `maxBytes`; exact bytes are kept. */
export async function readBodyBytes(response: PipelineResponse, maxBytes: number, what: string): Promise<Buffer> {
  const stream = response.readableStreamBody;
  if (!stream) {
    const bytes = Buffer.from(response.bodyAsText ?? '', 'utf8');
    if (bytes.length > maxBytes) throw new TooLargeError(`${what} is larger than the ${maxBytes}-byte limit`);
    return bytes;
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    stream.resume();
    throw new TooLargeError(`${what} is ${declared} bytes, more than the ${maxBytes}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new TooLargeError(`${what} is larger than the ${maxBytes}-byte limit`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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
