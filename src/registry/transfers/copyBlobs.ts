// Moving the blobs of a copy, a few at a time: each is skipped when the destination has it, mounted
// inside one registry, else streamed from the source into the destination's upload. Progress counts
// bytes over all blobs and never goes backwards; the first failure stops the others.
import type { Descriptor, ProgressEvent, RegistryService } from '../types';
import { AbortedError } from '../errors';
import type { BlobCopyOutcome } from './blobStream';

export interface BlobCopyTarget {
  client: RegistryService;
  repository: string;
}

export interface CopyBlobsOptions {
  signal?: AbortSignal;
  /** Blobs in flight at once (default 3). */
  concurrency?: number;
  /** Mount from the source repository: the two are in one registry. */
  mount?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export const DEFAULT_COPY_CONCURRENCY = 3;

export async function copyBlobs(
  source: BlobCopyTarget,
  destination: BlobCopyTarget,
  blobs: Descriptor[],
  options: CopyBlobsOptions = {},
): Promise<Record<BlobCopyOutcome, number>> {
  const outcomes: Record<BlobCopyOutcome, number> = { present: 0, mounted: 0, uploaded: 0 };
  const total = blobs.reduce((sum, blob) => sum + blob.size, 0);
  const moved = new Map<string, number>();
  let reported = -1;
  const report = (): void => {
    const transferred = [...moved.values()].reduce((sum, n) => sum + n, 0);
    if (transferred <= reported) return;
    reported = transferred;
    options.onProgress?.({ transferred, total });
  };
  report();
  // One signal for every blob: the caller's, or the first failure.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < blobs.length && !stop.signal.aborted) {
      const blob = blobs[next++];
      const open = () => source.client.openBlob(source.repository, blob, {
        signal: stop.signal,
        onProgress: ({ transferred }) => {
          moved.set(blob.digest, Math.min(transferred, blob.size));
          report();
        },
      });
      try {
        const outcome = await destination.client.uploadBlobStream(destination.repository, blob, open, {
          signal: stop.signal,
          mountFrom: options.mount ? source.repository : undefined,
        });
        outcomes[outcome]++;
        moved.set(blob.digest, blob.size);
        report();
      } catch (error) {
        failure ??= error;
        stop.abort(error);
      }
    }
  };
  try {
    const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_COPY_CONCURRENCY, blobs.length));
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (options.signal?.aborted) throw failure instanceof AbortedError ? failure : new AbortedError('copy cancelled');
  if (failure !== undefined) throw failure;
  return outcomes;
}
