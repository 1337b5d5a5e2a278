// Pull into an OCI image layout: manifests planned first, blobs fetched a few at once (each verified), then the
// manifests and index.json. A pull that fails or is cancelled removes every file and folder it
// created, so a new folder disappears and an existing one is left as it was found.
import { dirname, join } from 'node:path';
import type { Descriptor, ProgressEvent, RegistryService } from '../types';
import { isDigest } from '../reference';
import { ByteProgress, forEachBounded } from './bounded';
import { CreatedPaths } from './createdPaths';
import { convertPlanToOci } from './ociMediaTypes';
import { addToLayoutIndex, blobPath, initLayout, REF_NAME_ANNOTATION, writeFileAtomic } from './layout';
import { planPull, throwIfAborted, type PlanOptions, type PullPlan } from './pullPlan';

export interface PullOptions extends PlanOptions {
  /**
   * Rewrite Docker media types to OCI ones (manifests get new digests; blobs are unchanged), for tools
   * that read OCI layouts only. Default: every manifest is kept byte for byte.
   */
  ociMediaTypes?: boolean;
  onBlob?: (descriptor: Descriptor) => void;
  /**
   * Bytes of all blobs so far, rising while each streams; `total` is the sum of the blobs to fetch
   * (known once every manifest is read, before the first blob). Blobs the layout already holds
   * verified are not fetched and not counted. Never goes backwards, even when a download restarts.
   */
  onProgress?: (event: ProgressEvent) => void;
  /** Blobs downloaded at once (default 4). */
  concurrency?: number;
}

export interface PullResult {
  /** The entry written to index.json. */
  root: Descriptor;
  /** The root's digest in the registry; differs from `root.digest` only after a media type conversion. */
  sourceDigest: string;
  /** The layout holds Docker media types (kept byte for byte), which OCI-only tools refuse. */
  dockerMediaTypes: boolean;
}

export async function pullImage(
  client: RegistryService,
  repository: string,
  reference: string,
  layoutDir: string,
  options: PullOptions = {},
): Promise<PullResult> {
  throwIfAborted(options.signal, 'pull');
  const created = new CreatedPaths();
  try {
    await created.mkdir(join(layoutDir, 'blobs', 'sha256'));
    await created.write(join(layoutDir, 'oci-layout'), () => initLayout(layoutDir));
    const pulled = await planPull(client, repository, reference, layoutDir, options);
    const converted = convertPlanToOci(pulled);
    const plan = options.ociMediaTypes ? converted.plan : pulled;
    await fetchBlobs(client, repository, layoutDir, plan, created, options);
    for (const { descriptor, bytes } of plan.manifests) {
      throwIfAborted(options.signal, 'pull');
      const path = blobPath(layoutDir, descriptor.digest);
      await created.mkdir(dirname(path));
      await created.write(path, () => writeFileAtomic(path, bytes));
    }
    const annotations = isDigest(reference) ? undefined : { [REF_NAME_ANNOTATION]: reference };
    const root: Descriptor = { ...plan.root, ...(annotations ? { annotations } : {}) };
    await created.write(join(layoutDir, 'index.json'), () => addToLayoutIndex(layoutDir, root));
    return { root, sourceDigest: pulled.root.digest, dockerMediaTypes: converted.changed && !options.ociMediaTypes };
  } catch (error) {
    await created.undo();
    throw error;
  }
}

/** Fetches the plan's blobs, `concurrency` at a time, each verified by downloadBlob. */
async function fetchBlobs(client: RegistryService, repository: string, layoutDir: string, plan: PullPlan, created: CreatedPaths, options: PullOptions): Promise<void> {
  const progress = new ByteProgress(plan.totalBytes, options.onProgress);
  await forEachBounded(plan.blobs, options.concurrency, options.signal, async (blob, signal) => {
    const path = blobPath(layoutDir, blob.digest);
    await created.mkdir(dirname(path));
    await created.write(path, () => client.downloadBlob(repository, blob, path, {
      signal,
      onProgress: ({ transferred }) => progress.update(blob.digest, transferred, blob.size),
    }));
    progress.update(blob.digest, blob.size, blob.size);
    options.onBlob?.(blob);
  }, 'pull');
}
