// Blob uploads: HEAD first (skip when present), cross-repository mount, monolithic POST+PUT for
// small blobs, ordered PATCH chunks for large ones (uploadChunks.ts), and one streamed PUT for a
// file whose digest is known (uploadFile.ts). A large file of unknown digest is hashed while its
// chunks go out. Memory stays bounded by two chunks whatever the blob's size.
import { readFile, stat } from 'node:fs/promises';
import type { PipelineResponse } from '@azure/core-rest-pipeline';
import type { BlobInfo, CallOptions, Descriptor, TransferOptions } from '../types';
import { computeDigest, isValidDigest, parseDigest } from '../digest';
import { AbortedError, DigestMismatchError, RegistryError } from '../errors';
import { scopeForRepository } from '../challenge';
import { validateRepositoryName } from '../reference';
import { expectStatus } from '../transport/body';
import { declaredLength } from '../transport/contentLength';
import { repoPath, type OperationContext } from '../operations/context';
import { digestOfFile } from './fileDigest';
import { patchChunks } from './uploadChunks';
import { FollowingFileDigest } from './followingFileDigest';
import { putFile } from './uploadFile';

export interface UploadOptions extends TransferOptions {
  mountFrom?: string;
  expectedDigest?: string;
  /** Blobs up to this size go in one PUT (default 8 MiB). */
  monolithicMaxBytes?: number;
  /** PATCH chunk size for larger blobs (default 8 MiB; two are in memory at once). */
  chunkBytes?: number;
}

const OCTET = 'application/octet-stream';
const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

/** HEAD on a blob: undefined when missing; `size` only when the registry sent a Content-Length. */
export async function blobExists(context: OperationContext, repository: string, digest: string, options: CallOptions = {}): Promise<BlobInfo | undefined> {
  parseDigest(digest);
  const response = await context.transport.send({ method: 'HEAD', url: repoPath(repository, `blobs/${digest}`), signal: options.signal });
  if (response.status === 404) return undefined;
  await expectStatus(response, [200]);
  const size = declaredLength(response.headers.get('content-length'));
  return size === undefined ? { digest } : { digest, size };
}

export type UploadStart = { mounted: true } | { mounted: false; location: string };

/** POST to start an upload, asking for a mount when `from` is given; returns the session or "mounted". */
export async function startUpload(context: OperationContext, repository: string, options: CallOptions & { digest?: string; from?: string }): Promise<UploadStart> {
  let url = repoPath(repository, 'blobs/uploads/');
  const scopes: string[] = [];
  if (options.from && options.digest) {
    validateRepositoryName(options.from);
    url += `?${new URLSearchParams({ mount: options.digest, from: options.from })}`;
    scopes.push(scopeForRepository(options.from, ['pull']));
  }
  const response = await context.transport.send({ method: 'POST', url, signal: options.signal, scopes, headers: { 'content-length': '0' } });
  if (response.status === 201 && options.from) return { mounted: true };
  await expectStatus(response, [202]);
  const location = response.headers.get('location');
  if (!location) throw new RegistryError(`the registry started an upload to ${repository} without a Location header`);
  return { mounted: false, location: new URL(location, response.request.url).toString() };
}

/** Best effort: tells the registry to drop an upload session we will not finish. */
export async function cancelUpload(context: OperationContext, location: string): Promise<void> {
  try {
    await context.transport.send({ method: 'DELETE', url: location });
  } catch (error) {
    context.log?.('debug', 'upload', `could not cancel an upload session: ${(error as Error).message}`);
  }
}

export async function mountBlob(context: OperationContext, repository: string, digest: string, fromRepository: string, options: CallOptions = {}): Promise<boolean> {
  parseDigest(digest);
  const started = await startUpload(context, repository, { ...options, digest, from: fromRepository });
  if (started.mounted) return true;
  await cancelUpload(context, started.location);
  return false;
}

function withQuery(location: string, key: string, value: string): string {
  const url = new URL(location);
  url.searchParams.set(key, value);
  return url.toString();
}

export async function uploadBlob(
  context: OperationContext,
  repository: string,
  source: Uint8Array | { filePath: string },
  options: UploadOptions = {},
): Promise<Descriptor> {
  const algorithm = options.expectedDigest ? parseDigest(options.expectedDigest).algorithm : 'sha256';
  const monolithicMax = options.monolithicMaxBytes ?? DEFAULT_CHUNK_BYTES;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!(source instanceof Uint8Array)) {
    const size = (await stat(source.filePath)).size;
    // A named digest needs no hashing here: the registry checks it at the PUT.
    if (options.expectedDigest) return uploadPlan(context, repository, { kind: 'stream', path: source.filePath, size, digest: options.expectedDigest }, options);
    if (size > monolithicMax) {
      // Hashed while it is sent: the digest is only needed by the closing PUT (so no skip when present).
      if (!options.mountFrom) return uploadHashingChunks(context, repository, source.filePath, size, algorithm, chunkBytes, options);
      // A mount names the digest first.
      const digest = await digestOfFile(source.filePath, algorithm, options.signal, 'upload');
      return uploadPlan(context, repository, { kind: 'stream', path: source.filePath, size, digest }, options);
    }
  }
  const bytes = source instanceof Uint8Array ? source : await readFile(source.filePath);
  const digest = computeDigest(bytes, algorithm);
  if (options.expectedDigest && options.expectedDigest !== digest) {
    throw new DigestMismatchError(`the content hashes to ${digest}, not the expected ${options.expectedDigest}`, { expected: options.expectedDigest, actual: digest });
  }
  const size = bytes.byteLength;
  const plan: UploadPlan = size <= monolithicMax ? { kind: 'bytes', bytes, digest } : { kind: 'chunks', bytes, digest, chunkBytes };
  return uploadPlan(context, repository, plan, options);
}

type UploadPlan =
  | { kind: 'bytes'; bytes: Uint8Array; digest: string }
  | { kind: 'chunks'; bytes: Uint8Array; digest: string; chunkBytes: number }
  | { kind: 'stream'; path: string; size: number; digest: string };

const sizeOf = (plan: UploadPlan): number => (plan.kind === 'stream' ? plan.size : plan.bytes.byteLength);

/** Skips a blob the repository has, mounts it when it can, else uploads it the way `plan` says. */
async function uploadPlan(context: OperationContext, repository: string, plan: UploadPlan, options: UploadOptions): Promise<Descriptor> {
  const { digest } = plan;
  const size = sizeOf(plan);
  const descriptor: Descriptor = { mediaType: OCTET, digest, size };
  const report = (transferred: number): void => options.onProgress?.({ transferred, total: size });
  const present = await blobExists(context, repository, digest, options);
  const started = present ? undefined : await startUpload(context, repository, { signal: options.signal, digest, from: options.mountFrom });
  if (!started || started.mounted) {
    report(size);
    return descriptor;
  }
  let location = started.location;
  try {
    const url = (at: string): string => withQuery(at, 'digest', digest);
    if (plan.kind === 'stream') {
      await closeUpload(context, repository, digest, options, () => putFile(context, url(location), plan.path, size, { signal: options.signal, onSent: report }), plan.path);
    } else {
      let body = Buffer.from(plan.bytes.buffer, plan.bytes.byteOffset, plan.bytes.byteLength);
      if (plan.kind === 'chunks') {
        location = await patchChunks(context, location, plan.bytes, size, { chunkBytes: plan.chunkBytes, signal: options.signal, onSent: report });
        body = Buffer.alloc(0);
      }
      await closeUpload(context, repository, digest, options, () => putBytes(context, url(location), body, options.signal));
    }
    report(size);
    return descriptor;
  } catch (error) {
    await cancelUpload(context, location);
    if (options.signal?.aborted && !(error instanceof AbortedError)) throw new AbortedError(`upload of ${digest} cancelled`);
    throw error;
  }
}

/**
 * Sends a large file as PATCH chunks while a worker thread hashes the file, then the PUT with the
 * digest: sending and hashing each get a core. Should the file change meanwhile, the registry
 * refuses the PUT, since what it received does not hash to the digest.
 */
async function uploadHashingChunks(
  context: OperationContext,
  repository: string,
  path: string,
  size: number,
  algorithm: 'sha256' | 'sha512',
  chunkBytes: number,
  options: UploadOptions,
): Promise<Descriptor> {
  const report = (transferred: number): void => options.onProgress?.({ transferred, total: size });
  const started = await startUpload(context, repository, { signal: options.signal });
  if (started.mounted) throw new RegistryError(`the registry mounted a blob into ${repository} that was not asked for`);
  let location = started.location;
  let digest = `${algorithm}:…`;
  try {
    const fileDigest = new FollowingFileDigest(path, algorithm);
    fileDigest.writtenTo(size);
    try {
      location = await patchChunks(context, location, { filePath: path }, size, { chunkBytes, signal: options.signal, onSent: report });
    } catch (error) {
      fileDigest.close();
      throw error;
    }
    digest = await fileDigest.finish(size);
    await closeUpload(context, repository, digest, options, () => putBytes(context, withQuery(location, 'digest', digest), Buffer.alloc(0), options.signal));
    report(size);
    return { mediaType: OCTET, digest, size };
  } catch (error) {
    await cancelUpload(context, location);
    if (options.signal?.aborted && !(error instanceof AbortedError)) throw new AbortedError(`upload of ${path} cancelled`);
    throw error;
  }
}

function putBytes(context: OperationContext, url: string, body: Buffer, signal: AbortSignal | undefined): Promise<PipelineResponse> {
  return context.transport.send({ method: 'PUT', url, headers: { 'content-type': OCTET }, body, signal });
}

/**
 * The closing PUT. The registry may have stored the blob and only its answer was lost (a retried
 * PUT then finds no session): what counts is whether the blob is there now. A digest the registry
 * refuses for a file means the file does not hold what its name says.
 */
async function closeUpload(context: OperationContext, repository: string, digest: string, options: CallOptions, put: () => Promise<PipelineResponse>, path?: string): Promise<void> {
  let response: PipelineResponse;
  try {
    response = await put();
    await expectStatus(response, [201, 204]);
  } catch (error) {
    if (path && error instanceof DigestMismatchError) {
      throw new DigestMismatchError(`${path} does not hold ${digest}: the registry refused its bytes`, { expected: digest, cause: error });
    }
    if (options.signal?.aborted || !(await blobExists(context, repository, digest, options).catch(() => undefined))) throw error;
    context.log?.('info', 'upload', `the answer to the upload of ${digest} was lost, but the registry has the blob`);
    return;
  }
  const stored = response.headers.get('docker-content-digest');
  if (stored && isValidDigest(stored) && stored !== digest) {
    throw new DigestMismatchError(`the registry stored the blob as ${stored}, expected ${digest}`, { expected: digest, actual: stored });
  }
}
