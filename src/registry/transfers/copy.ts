// Copying an image, an index or an artifact to another repository or registry, each side with its
// own client and credentials. Blobs first, then the manifests beneath the root (children before the
// index that lists them), then referrers by digest with their subject kept, and the tag last: a copy
// that fails or is cancelled never leaves the destination tag on incomplete content. Manifests are
// copied byte for byte, so every digest stays the same.
import type { ProgressEvent, RegistryService } from '../types';
import { isDigest, validateRepositoryName, validateTag } from '../reference';
import { DigestMismatchError } from '../errors';
import type { BlobCopyOutcome } from './blobStream';
import { copyBlobs } from './copyBlobs';
import { planCopy, type PlannedManifest } from './copyPlan';
import { throwIfAborted } from './pullPlan';
import { checkTagTarget, type MoveTagOptions } from './tagManifest';

export interface CopySource {
  client: RegistryService;
  repository: string;
  /** A tag or a digest. */
  reference: string;
}

export interface CopyDestination {
  client: RegistryService;
  repository: string;
  /** Without a tag the copy is stored by digest only. */
  tag?: string;
}

export interface CopyOptions extends MoveTagOptions {
  /** Copy the referrers (signatures, SBOMs, attestations) too, and theirs in turn. */
  referrers?: boolean;
  /** Blobs in flight at once. */
  concurrency?: number;
  /** Bytes of blobs moved so far over the whole copy; `total` is known before the first blob moves. */
  onProgress?: (event: ProgressEvent) => void;
}

export interface CopyResult {
  digest: string;
  mediaType: string;
  /** Manifests put at the destination, the root included. */
  manifests: number;
  referrers: number;
  blobs: Record<BlobCopyOutcome, number>;
  /** Sum of the sizes of every blob of the copy, moved or not. */
  totalBytes: number;
  /** What the destination tag pointed at before, when the copy moved it. */
  previous?: string;
}

/** True when both sides are one registry, so blobs can be mounted instead of moved. */
function sameRegistry(source: CopySource, destination: CopyDestination): boolean {
  return source.client === destination.client || source.client.host === destination.client.host;
}

export async function copyImage(source: CopySource, destination: CopyDestination, options: CopyOptions = {}): Promise<CopyResult> {
  const { signal } = options;
  validateRepositoryName(destination.repository);
  if (destination.tag !== undefined) validateTag(destination.tag);
  const root = await source.client.getManifest(source.repository, source.reference, { signal });
  if (isDigest(source.reference) && root.digest !== source.reference) {
    throw new DigestMismatchError(`${source.repository}@${source.reference} came back as ${root.digest}`, { expected: source.reference, actual: root.digest });
  }
  // Asked before anything moves, and again just before the tag is set.
  if (destination.tag !== undefined) await checkTagTarget(destination.client, destination.repository, destination.tag, root.digest, options);
  const plan = await planCopy(source.client, source.repository, root, { signal, referrers: options.referrers });
  const blobs = await copyBlobs(source, destination, plan.blobs, {
    signal,
    concurrency: options.concurrency,
    mount: sameRegistry(source, destination),
    onProgress: options.onProgress,
  });
  const put = async (manifest: PlannedManifest, tag?: string): Promise<void> => {
    throwIfAborted(signal, 'copy');
    const result = await destination.client.putManifest(destination.repository, manifest.bytes, { reference: tag, mediaType: manifest.mediaType, signal });
    if (result.digest !== manifest.digest) {
      throw new DigestMismatchError(`the destination stored ${manifest.digest} as ${result.digest}`, { expected: manifest.digest, actual: result.digest });
    }
  };
  for (const child of plan.children) await put(child);
  // Referrers name the root as their subject: it goes first, by digest.
  if (plan.referrers.length > 0 || destination.tag === undefined) await put(plan.root);
  for (const referrer of plan.referrers) await put(referrer);
  let previous: string | undefined;
  if (destination.tag !== undefined) {
    previous = await checkTagTarget(destination.client, destination.repository, destination.tag, root.digest, options);
    await put(plan.root, destination.tag);
  }
  return {
    digest: root.digest,
    mediaType: root.mediaType,
    manifests: plan.children.length + plan.referrers.length + 1,
    referrers: plan.referrerCount,
    blobs,
    totalBytes: plan.totalBytes,
    previous: previous === root.digest ? undefined : previous,
  };
}
