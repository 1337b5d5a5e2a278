// Moving the blobs of a copy, a few at a time: each is skipped when the destination has it, mounted
// inside one registry, else streamed from the source into the destination's upload. Progress counts
// bytes over all blobs and never goes backwards; the first failure stops the others.
import type { Descriptor, ProgressEvent, RegistryService } from '../types';
import type { BlobCopyOutcome } from './blobStream';
import { ByteProgress, forEachBounded } from './bounded';

export interface BlobCopyTarget {
  client: RegistryService;
  repository: string;
}

export interface CopyBlobsOptions {
  signal?: AbortSignal;
  /** Blobs in flight at once (default DEFAULT_TRANSFER_CONCURRENCY). */
  concurrency?: number;
  /** Mount from the source repository: the two are in one registry. */
  mount?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export async function copyBlobs(
  source: BlobCopyTarget,
  destination: BlobCopyTarget,
  blobs: Descriptor[],
  options: CopyBlobsOptions = {},
): Promise<Record<BlobCopyOutcome, number>> {
  const outcomes: Record<BlobCopyOutcome, number> = { present: 0, mounted: 0, uploaded: 0 };
  const progress = new ByteProgress(blobs.reduce((sum, blob) => sum + blob.size, 0), options.onProgress);
  await forEachBounded(blobs, options.concurrency, options.signal, async (blob, signal) => {
    const open = () => source.client.openBlob(source.repository, blob, {
      signal,
      onProgress: ({ transferred }) => progress.update(blob.digest, transferred, blob.size),
    });
    const outcome = await destination.client.uploadBlobStream(destination.repository, blob, open, {
      signal,
      mountFrom: options.mount ? source.repository : undefined,
    });
    outcomes[outcome]++;
    progress.update(blob.digest, blob.size, blob.size);
  }, 'copy');
  return outcomes;
}
