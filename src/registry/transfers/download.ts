// Streams a blob to a file: its size checked while it arrives, its digest by a thread hashing the
// file behind the writer; resumed with `Range` after a dropped connection (bounded), written to a
// temp name and renamed only once verified. On any failure or cancellation the temp file is
// removed, so no partial or unverified file survives.
// Without a known size, the first response's Content-Length is checked, or the digest alone.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat, truncate } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Descriptor, TransferOptions } from '../types';
import { VerifyingTransform, parseDigest } from '../digest';
import { AbortedError, DigestMismatchError, RegistryError, SizeMismatchError, TimeoutError } from '../errors';
import { discardBody, expectStatus } from '../transport/body';
import { declaredLength } from '../transport/contentLength';
import { repoPath, type OperationContext } from '../operations/context';
import { ReleasingFileSink } from './releasingFileSink';
import { FollowingFileDigest } from './followingFileDigest';

export interface DownloadOptions extends TransferOptions {
  /** Resumes after dropped or stalled connections (default 3); a stall is the transport's idle TimeoutError. */
  maxResumes?: number;
}

/** Larger writes than the 16 KiB default: fewer syscalls for big layers. */
const WRITE_BUFFER_BYTES = 1024 * 1024;

/** True for failures a Range request can recover from: the connection, not the content, was bad. */
function isResumable(error: unknown, received: number, expected: number | undefined): boolean {
  if (error instanceof TimeoutError) return true;
  if (error instanceof SizeMismatchError) return expected !== undefined && received < expected; // the body ended early
  if (error instanceof RegistryError) return false;
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : '';
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'EPIPE' || /aborted|socket hang up|terminated/i.test(message);
}

function closed(stream: Writable): Promise<void> {
  return stream.closed ? Promise.resolve() : new Promise((resolve) => stream.once('close', () => resolve()));
}

/** The whole file against the blob's size and digest (hashed on the worker while it was written). */
async function verifyFile(path: string, digest: string, size: number | undefined, fileDigest: FollowingFileDigest): Promise<void> {
  const length = (await stat(path)).size;
  if (size !== undefined && length !== size) throw new SizeMismatchError(`received ${length} bytes but expected ${size} for ${digest}`, { expected: size, actual: length });
  const actual = await fileDigest.finish(length);
  if (actual !== digest) throw new DigestMismatchError(`content digest ${actual} does not match the expected ${digest}`, { expected: digest, actual });
}

export async function downloadBlob(
  context: OperationContext,
  repository: string,
  descriptor: Pick<Descriptor, 'digest'> & { size?: number },
  filePath: string,
  options: DownloadOptions = {},
): Promise<void> {
  parseDigest(descriptor.digest);
  let size = descriptor.size;
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) throw new SizeMismatchError(`invalid blob size ${size}`);
  const tempPath = join(dirname(filePath), `.${basename(filePath)}.${randomBytes(6).toString('hex')}.partial`);
  const maxResumes = options.maxResumes ?? 3;
  const url = repoPath(repository, `blobs/${descriptor.digest}`);
  const onProgress = options.onProgress;
  await (await open(tempPath, 'wx', 0o644)).close();
  const fileDigest = new FollowingFileDigest(tempPath, parseDigest(descriptor.digest).algorithm);
  try {
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw new AbortedError(`download of ${descriptor.digest} cancelled`);
      const offset = (await stat(tempPath)).size;
      const response = await context.transport.send({
        method: 'GET',
        url,
        headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
        // 416 streamed too: docker-registry declares the whole blob's length on it and sends a line.
        streamStatuses: [200, 206, 416],
        signal: options.signal,
      });
      if (offset > 0 && response.status === 416 && offset === size) {
        (response.readableStreamBody as Readable | undefined)?.destroy();
        break;
      }
      await expectStatus(response, [200, 206]);
      if (size === undefined && response.status === 200) {
        size = declaredLength(response.headers.get('content-length'));
        if (size === undefined) context.log?.('info', 'download', `the registry did not say how large ${descriptor.digest} is; verifying by digest only`);
      }
      // Sizes are checked as the bytes arrive; the digest is the hashing thread's, of the file.
      const verifier = new VerifyingTransform({
        digest: descriptor.digest,
        size,
        hash: false,
        onProgress: onProgress && ((transferred) => onProgress({ transferred, total: size })),
      });
      if (response.status === 206) {
        const range = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
        if (!range || Number(range[1]) !== offset) {
          discardBody(response);
          throw new RegistryError(`the registry answered a resume at byte ${offset} with a different range (${response.headers.get('content-range') ?? 'none'})`);
        }
        verifier.absorb(offset);
      } else if (offset > 0) {
        context.log?.('info', 'download', `registry ignored Range; restarting ${descriptor.digest} from the beginning`);
        await truncate(tempPath, 0);
        fileDigest.restart();
      }
      const body = response.readableStreamBody;
      if (!body) throw new RegistryError(`no body received for blob ${descriptor.digest}`);
      let fileLength = response.status === 206 ? offset : 0;
      const sink = new ReleasingFileSink(tempPath, 'a', WRITE_BUFFER_BYTES, (written) => fileDigest.writtenTo((fileLength += written)));
      try {
        await pipeline(body, verifier, sink, { signal: options.signal });
        break;
      } catch (error) {
        // The pipeline fails before a write already under way lands: the next offset must include it.
        await closed(sink);
        if (options.signal?.aborted) throw new AbortedError(`download of ${descriptor.digest} cancelled`);
        const received = verifier.bytesSeen;
        if (attempt < maxResumes && isResumable(error, received, size)) {
          context.log?.('warn', 'download', `connection lost after ${received} of ${size ?? 'unknown'} bytes of ${descriptor.digest}; resuming (${attempt + 1}/${maxResumes})`);
          continue;
        }
        throw error;
      }
    }
    await verifyFile(tempPath, descriptor.digest, size, fileDigest);
    await rename(tempPath, filePath);
  } catch (error) {
    fileDigest.close();
    await rm(tempPath, { force: true });
    if (options.signal?.aborted && !(error instanceof AbortedError)) throw new AbortedError(`download of ${descriptor.digest} cancelled`);
    throw error;
  }
}
