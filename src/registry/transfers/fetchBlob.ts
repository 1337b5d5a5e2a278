// Small blobs (configs, artifact payloads) read into memory and verified.
import type { CallOptions, Descriptor } from '../types';
import { computeDigest, parseDigest } from '../digest';
import { DigestMismatchError, SizeMismatchError, TooLargeError } from '../errors';
import type { PipelineResponse } from '@azure/core-rest-pipeline';
import { expectStatus, readBodyBytes } from '../transport/body';
import { repoPath, type OperationContext } from '../operations/context';

export const DEFAULT_MAX_BLOB_IN_MEMORY = 4 * 1024 * 1024;

/** GET of a blob whose body is left unread (streamed), failing on anything but 200. */
export async function requestBlob(context: OperationContext, repository: string, digest: string, signal?: AbortSignal): Promise<PipelineResponse> {
  const response = await context.transport.send({
    method: 'GET',
    url: repoPath(repository, `blobs/${digest}`),
    streamStatuses: [200],
    signal,
  });
  await expectStatus(response, [200]);
  return response;
}

export async function fetchBlob(
  context: OperationContext,
  repository: string,
  descriptor: Pick<Descriptor, 'digest' | 'size'>,
  options: CallOptions & { maxBytes?: number } = {},
): Promise<Buffer> {
  const { algorithm } = parseDigest(descriptor.digest);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BLOB_IN_MEMORY;
  if (descriptor.size > maxBytes) {
    throw new TooLargeError(`blob ${descriptor.digest} is ${descriptor.size} bytes, more than the ${maxBytes}-byte limit for reading into memory; download it instead`);
  }
  const response = await requestBlob(context, repository, descriptor.digest, options.signal);
  const bytes = await readBodyBytes(response, Math.min(maxBytes, descriptor.size + 1), `blob ${descriptor.digest}`);
  if (bytes.length !== descriptor.size) {
    throw new SizeMismatchError(`blob ${descriptor.digest}: received ${bytes.length} bytes, expected ${descriptor.size}`, { expected: descriptor.size, actual: bytes.length });
  }
  const actual = computeDigest(bytes, algorithm);
  if (actual !== descriptor.digest) {
    throw new DigestMismatchError(`blob ${descriptor.digest}: received content hashes to ${actual}`, { expected: descriptor.digest, actual });
  }
  return bytes;
}
