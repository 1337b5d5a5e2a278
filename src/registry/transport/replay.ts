// Whether a request body can be sent again (after a 401 challenge, or by the retry policy).
import type { PipelineRequest } from '@azure/core-rest-pipeline';

/**
 * Bytes, strings, Blobs and body factories (`() => stream`, which make a fresh stream per attempt)
 * can be sent again; a stream object cannot, because its data is gone once sent.
 */
export function isReplayableBody(body: PipelineRequest['body']): boolean {
  if (body === undefined || body === null || typeof body === 'string' || typeof body === 'function') return true;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return true;
  return typeof Blob !== 'undefined' && body instanceof Blob;
}
