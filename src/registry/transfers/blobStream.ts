// Blobs as streams, for copies between registries: the source's response body flows through a digest
// check straight into the destination's upload, so no blob is held whole in memory or on disk.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import type { CallOptions, Descriptor, TransferOptions } from '../types';
import { VerifyingTransform, parseDigest } from '../digest';
import { AbortedError, ForbiddenError, RegistryError, UnauthorizedError } from '../errors';
import { discardBody, expectStatus } from '../transport/body';
import type { OperationContext } from '../operations/context';
import { blobExists, cancelUpload, startUpload, type UploadStart } from './upload';
import { requestBlob } from './fetchBlob';

/** How a blob reached the destination. */
export type BlobCopyOutcome = 'present' | 'mounted' | 'uploaded';

/**
 * The blob's bytes as they arrive; the stream fails with SizeMismatchError as soon as more than
 * `size` bytes come, and at its end with SizeMismatchError or DigestMismatchError when they do not match.
 */
export async function openBlob(context: OperationContext, repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, options: TransferOptions = {}): Promise<Readable> {
  parseDigest(descriptor.digest);
  const response = await requestBlob(context, repository, descriptor.digest, options.signal);
  const body = response.readableStreamBody as Readable | undefined;
  if (!body) throw new RegistryError(`no body received for blob ${descriptor.digest}`);
  const onProgress = options.onProgress;
  const verifier = new VerifyingTransform({
    digest: descriptor.digest,
    size: descriptor.size,
    onProgress: onProgress && ((transferred) => onProgress({ transferred, total: descriptor.size })),
  });
  // Errors of the body reach the verifier, and destroying the verifier closes the body.
  pipeline(body, verifier, () => undefined);
  return verifier;
}

export interface StreamUploadOptions extends CallOptions {
  /** A repository of the same registry to mount the blob from (falls back to uploading). */
  mountFrom?: string;
}

/**
 * Puts a blob into `repository` unless it is there: mounted from `mountFrom` when the registry can,
 * else uploaded in one PUT whose body is the stream `open` returns (called only then). The registry
 * checks the digest on the PUT as well, so a short or altered stream never becomes a blob.
 */
export async function uploadBlobStream(
  context: OperationContext,
  repository: string,
  descriptor: Pick<Descriptor, 'digest' | 'size'>,
  open: () => Promise<Readable>,
  options: StreamUploadOptions = {},
): Promise<BlobCopyOutcome> {
  parseDigest(descriptor.digest);
  if (await blobExists(context, repository, descriptor.digest, options)) return 'present';
  const started = await startWithMount(context, repository, descriptor.digest, options);
  if (started.mounted) return 'mounted';
  // The HTTP client pipes a body without watching it: a failing source must end the PUT itself.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  let source: Readable | undefined;
  let sourceError: unknown;
  try {
    source = await open();
    source.on('error', (error) => {
      sourceError ??= error;
      stop.abort(error);
    });
    const url = new URL(started.location);
    url.searchParams.set('digest', descriptor.digest);
    const response = await context.transport.send({
      method: 'PUT',
      url: url.toString(),
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(descriptor.size) },
      body: source,
      signal: stop.signal,
    });
    await expectStatus(response, [201, 204]);
    discardBody(response);
    return 'uploaded';
  } catch (error) {
    source?.destroy();
    await cancelUpload(context, started.location);
    if (options.signal?.aborted) throw error instanceof AbortedError ? error : new AbortedError(`copy of ${descriptor.digest} cancelled`);
    // What broke the source (a digest or size mismatch, a lost connection) says more than the stopped PUT.
    if (sourceError instanceof RegistryError) throw sourceError;
    if (sourceError) throw new RegistryError(`reading ${descriptor.digest} from the source failed: ${(sourceError as Error).message}`, { cause: sourceError });
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Starts an upload session, asking for a mount first when a source repository is given. Credentials
 * that may not read the source repository are not a reason to fail: the blob is uploaded instead.
 */
async function startWithMount(context: OperationContext, repository: string, digest: string, options: StreamUploadOptions): Promise<UploadStart> {
  if (options.mountFrom) {
    try {
      return await startUpload(context, repository, { signal: options.signal, digest, from: options.mountFrom });
    } catch (error) {
      if (!(error instanceof ForbiddenError || error instanceof UnauthorizedError)) throw error;
      context.log?.('info', 'copy', `could not mount ${digest} from ${options.mountFrom} (${error.message}); uploading it instead`);
    }
  }
  return startUpload(context, repository, { signal: options.signal });
}
