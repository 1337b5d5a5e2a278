// Blob uploads: HEAD first (skip when present), cross-repository mount, monolithic POST+PUT for
// small blobs, and ordered PATCH chunks read from disk for large ones. Chunks are buffers so a
// retry or an auth round-trip can resend them; memory stays bounded by the chunk size.
import { open, stat } from 'node:fs/promises';
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

export interface UploadOptions extends TransferOptions {
  mountFrom?: string;
  expectedDigest?: string;
  /** Blobs up to this size go in one PUT (default 16 MiB). */
  monolithicMaxBytes?: number;
  /** PATCH chunk size for larger blobs (default 16 MiB). */
  chunkBytes?: number;
}

const OCTET = 'application/octet-stream';

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
  const isFile = !(source instanceof Uint8Array);
  const size = isFile ? (await stat(source.filePath)).size : source.byteLength;
  const digest = isFile ? await digestOfFile(source.filePath, algorithm, options.signal, 'upload') : computeDigest(source, algorithm);
  if (options.expectedDigest && options.expectedDigest !== digest) {
    throw new DigestMismatchError(`the content hashes to ${digest}, not the expected ${options.expectedDigest}`, { expected: options.expectedDigest, actual: digest });
  }
  const descriptor: Descriptor = { mediaType: OCTET, digest, size };
  const report = (transferred: number): void => options.onProgress?.({ transferred, total: size });
  if (await blobExists(context, repository, digest, options)) {
    report(size);
    return descriptor;
  }
  const started = await startUpload(context, repository, { signal: options.signal, digest, from: options.mountFrom });
  if (started.mounted) {
    report(size);
    return descriptor;
  }
  let location = started.location;
  try {
    const monolithicMax = options.monolithicMaxBytes ?? 16 * 1024 * 1024;
    let finalBody: Buffer;
    if (size <= monolithicMax) {
      finalBody = isFile ? await readRange(source.filePath, 0, size) : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    } else {
      location = await patchChunks(context, location, source, size, options, report);
      finalBody = Buffer.alloc(0);
    }
    let response: PipelineResponse;
    try {
      response = await context.transport.send({
        method: 'PUT',
        url: withQuery(location, 'digest', digest),
        headers: { 'content-type': OCTET },
        body: finalBody,
        signal: options.signal,
      });
      await expectStatus(response, [201, 204]);
    } catch (error) {
      // The registry may have stored the blob and only its answer was lost (a retried PUT then finds
      // no session): what counts is whether the blob is there now.
      if (options.signal?.aborted || !(await blobExists(context, repository, digest, options).catch(() => undefined))) throw error;
      context.log?.('info', 'upload', `the answer to the upload of ${digest} was lost, but the registry has the blob`);
      report(size);
      return descriptor;
    }
    const stored = response.headers.get('docker-content-digest');
    if (stored && isValidDigest(stored) && stored !== digest) {
      throw new DigestMismatchError(`the registry stored the blob as ${stored}, expected ${digest}`, { expected: digest, actual: stored });
    }
    report(size);
    return descriptor;
  } catch (error) {
    await cancelUpload(context, location);
    if (options.signal?.aborted && !(error instanceof AbortedError)) throw new AbortedError(`upload of ${digest} cancelled`);
    throw error;
  }
}

async function readRange(path: string, start: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, start + filled);
      if (bytesRead === 0) throw new RegistryError(`the file became shorter while uploading (expected ${length} bytes at ${start})`);
      filled += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}

/** Sends the content in order as PATCH chunks; returns the Location for the closing PUT. */
async function patchChunks(
  context: OperationContext,
  startLocation: string,
  source: Uint8Array | { filePath: string },
  size: number,
  options: UploadOptions,
  report: (transferred: number) => void,
): Promise<string> {
  const chunkBytes = Math.max(1, options.chunkBytes ?? 16 * 1024 * 1024);
  let location = startLocation;
  for (let offset = 0; offset < size; offset += chunkBytes) {
    if (options.signal?.aborted) throw new AbortedError('upload cancelled');
    const length = Math.min(chunkBytes, size - offset);
    const chunk = source instanceof Uint8Array ? Buffer.from(source.buffer, source.byteOffset + offset, length) : await readRange(source.filePath, offset, length);
    const response = await context.transport.send({
      method: 'PATCH',
      url: location,
      headers: { 'content-type': OCTET, 'content-range': `${offset}-${offset + length - 1}` },
      body: chunk,
      signal: options.signal,
    });
    await expectStatus(response, [202, 204]);
    const range = /^(?:bytes=)?0-(\d+)$/.exec(response.headers.get('range') ?? '');
    if (range && Number(range[1]) !== offset + length - 1) {
      throw new RegistryError(`the registry has bytes 0-${range[1]} of the upload, expected 0-${offset + length - 1}`);
    }
    const next = response.headers.get('location');
    if (next) location = new URL(next, response.request.url).toString();
    report(offset + length);
  }
  return location;
}
