// Whole images: pull (manifest tree + blobs, every blob verified) into an OCI image layout, and push
// an image or index from a layout (children and blobs first, the root manifest last).
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CallOptions, Descriptor, ImageIndex, ImageManifest, ProgressEvent, PushResult, RegistryService } from '../types';
import { RegistryError } from '../errors';
import { isImageIndex, parseManifest } from '../manifest';
import { isDigest } from '../reference';
import { addToLayoutIndex, blobPath, initLayout, readLayoutBlob, readLayoutIndex, REF_NAME_ANNOTATION, writeFileAtomic } from './layout';
import { planPull, throwIfAborted } from './pullPlan';

export { defaultPlatform, matchesPlatform } from './pullPlan';

export interface PullOptions extends CallOptions {
  /** `os/arch[/variant]` to pick from an index; default linux/<this machine's arch>. */
  platform?: string;
  /** Keep the whole index with every platform. */
  all?: boolean;
  onBlob?: (descriptor: Descriptor) => void;
  /**
   * Bytes of all blobs so far, rising while each streams; `total` is the sum of the blobs to fetch
   * (known once every manifest is read, before the first blob). Blobs the layout already holds
   * verified are not fetched and not counted. Never goes backwards, even when a download restarts.
   */
  onProgress?: (event: ProgressEvent) => void;
}

/** Pulls into an OCI layout: blobs first (each verified), then the manifests, then index.json. */
export async function pullImage(
  client: RegistryService,
  repository: string,
  reference: string,
  layoutDir: string,
  options: PullOptions = {},
): Promise<Descriptor> {
  const { signal, onProgress } = options;
  throwIfAborted(signal, 'pull');
  await initLayout(layoutDir);
  const plan = await planPull(client, repository, reference, layoutDir, options);
  const total = plan.totalBytes;
  let done = 0;
  let reported = -1;
  const report = (transferred: number): void => {
    if (transferred <= reported) return;
    reported = transferred;
    onProgress?.({ transferred, total });
  };
  report(0);
  for (const blob of plan.blobs) {
    throwIfAborted(signal, 'pull');
    const path = blobPath(layoutDir, blob.digest);
    await mkdir(dirname(path), { recursive: true });
    await client.downloadBlob(repository, blob, path, {
      signal,
      onProgress: onProgress && ((event) => report(done + Math.min(event.transferred, blob.size))),
    });
    done += blob.size;
    report(done);
    options.onBlob?.(blob);
  }
  for (const { descriptor, bytes } of plan.manifests) {
    throwIfAborted(signal, 'pull');
    await mkdir(dirname(blobPath(layoutDir, descriptor.digest)), { recursive: true });
    await writeFileAtomic(blobPath(layoutDir, descriptor.digest), bytes);
  }
  const annotations = isDigest(reference) ? undefined : { [REF_NAME_ANNOTATION]: reference };
  const entry: Descriptor = { ...plan.root, ...(annotations ? { annotations } : {}) };
  await addToLayoutIndex(layoutDir, entry);
  return entry;
}

export interface PushOptions extends CallOptions {
  /** Which root of index.json to push (its ref name); default: the only one, or the one named like the tag. */
  refName?: string;
  onBlob?: (descriptor: Descriptor) => void;
}

/** Picks the root descriptor of a layout by ref name. */
export async function selectLayoutRoot(layoutDir: string, refName?: string): Promise<Descriptor> {
  const index = await readLayoutIndex(layoutDir);
  if (refName) {
    const named = index.manifests.find((d) => d.annotations?.[REF_NAME_ANNOTATION] === refName);
    if (named) return named;
  }
  if (index.manifests.length === 1) return index.manifests[0];
  const names = index.manifests.map((d) => d.annotations?.[REF_NAME_ANNOTATION] ?? d.digest).join(', ');
  throw new RegistryError(`choose which image of ${layoutDir} to push${refName ? ` ("${refName}" is not there)` : ''}: ${names}`);
}

export async function pushImage(client: RegistryService, layoutDir: string, repository: string, tag: string | undefined, options: PushOptions = {}): Promise<PushResult> {
  const root = await selectLayoutRoot(layoutDir, options.refName ?? tag);
  return pushManifestTree(client, layoutDir, repository, root, tag, options);
}

async function pushManifestTree(
  client: RegistryService,
  layoutDir: string,
  repository: string,
  descriptor: Descriptor,
  tag: string | undefined,
  options: PushOptions,
): Promise<PushResult> {
  const bytes = await readLayoutBlob(layoutDir, descriptor);
  const { manifest, mediaType } = parseManifest(bytes, descriptor.mediaType);
  if (isImageIndex(manifest)) {
    for (const child of (manifest as ImageIndex).manifests) await pushManifestTree(client, layoutDir, repository, child, undefined, options);
  } else {
    const image = manifest as ImageManifest;
    for (const blob of [image.config, ...image.layers]) {
      await client.uploadBlob(repository, { filePath: blobPath(layoutDir, blob.digest) }, { expectedDigest: blob.digest, signal: options.signal });
      options.onBlob?.(blob);
    }
  }
  return client.putManifest(repository, bytes, { reference: tag, mediaType, signal: options.signal });
}
