// Whole images: push an image or index from an OCI image layout (every blob first, a few at once;
// then the manifests, children before their index, the root last); pulls live in pull.ts.
import type { CallOptions, Descriptor, ImageIndex, ImageManifest, ProgressEvent, PushResult, RegistryService } from '../types';
import { NotFoundError, RegistryError } from '../errors';
import { isImageIndex, parseManifest } from '../manifest';
import { ByteProgress, forEachBounded } from './bounded';
import { blobPath, readLayoutBlob, readLayoutIndex, REF_NAME_ANNOTATION } from './layout';

export { defaultPlatform, matchesPlatform } from './pullPlan';
export { pullImage, type PullOptions, type PullResult } from './pull';

export interface PushOptions extends CallOptions {
  /** Which root of index.json to push (its ref name); default: the only one, or the one named like the tag. */
  refName?: string;
  onBlob?: (descriptor: Descriptor) => void;
  /** Bytes of all blobs so far, over the whole push; never goes backwards. */
  onProgress?: (event: ProgressEvent) => void;
  /** Blobs uploaded at once (default 4). */
  concurrency?: number;
}

/**
 * Picks the root descriptor of a layout: the one named `refName` (none is an error), else the one
 * named like `tag`, else the only one.
 */
export async function selectLayoutRoot(layoutDir: string, refName?: string, tag?: string): Promise<Descriptor> {
  const index = await readLayoutIndex(layoutDir);
  const names = index.manifests.map((d) => d.annotations?.[REF_NAME_ANNOTATION] ?? d.digest).join(', ') || 'none';
  const named = (name: string): Descriptor | undefined => index.manifests.find((d) => d.annotations?.[REF_NAME_ANNOTATION] === name);
  if (refName !== undefined) {
    const found = named(refName);
    if (!found) throw new NotFoundError(`${layoutDir} has no image named "${refName}" (it has: ${names})`);
    return found;
  }
  const byTag = tag === undefined ? undefined : named(tag);
  if (byTag) return byTag;
  if (index.manifests.length === 1) return index.manifests[0];
  throw new RegistryError(`choose which image of ${layoutDir} to push with a ref name: ${names}`);
}

export async function pushImage(client: RegistryService, layoutDir: string, repository: string, tag: string | undefined, options: PushOptions = {}): Promise<PushResult> {
  const root = await selectLayoutRoot(layoutDir, options.refName, tag);
  const tree = await readManifestTree(layoutDir, root);
  const progress = new ByteProgress(tree.blobs.reduce((sum, blob) => sum + blob.size, 0), options.onProgress);
  await forEachBounded(tree.blobs, options.concurrency, options.signal, async (blob, signal) => {
    // The layout names each blob by its digest: the registry verifies it, nothing is hashed here.
    await client.uploadBlob(repository, { filePath: blobPath(layoutDir, blob.digest) }, {
      expectedDigest: blob.digest,
      signal,
      onProgress: ({ transferred }) => progress.update(blob.digest, transferred, blob.size),
    });
    progress.update(blob.digest, blob.size, blob.size);
    options.onBlob?.(blob);
  }, 'push');
  let result: PushResult | undefined;
  for (const manifest of tree.manifests) {
    const isRoot = manifest === tree.manifests.at(-1);
    result = await client.putManifest(repository, manifest.bytes, { reference: isRoot ? tag : undefined, mediaType: manifest.mediaType, signal: options.signal });
  }
  return result as PushResult;
}

interface LayoutManifest {
  bytes: Buffer;
  mediaType: string;
}

/** Every manifest under `root`, children before their index (the root last), and their blobs, each digest once. */
async function readManifestTree(layoutDir: string, root: Descriptor): Promise<{ manifests: LayoutManifest[]; blobs: Descriptor[] }> {
  const manifests: LayoutManifest[] = [];
  const blobs = new Map<string, Descriptor>();
  const visit = async (descriptor: Descriptor): Promise<void> => {
    const bytes = await readLayoutBlob(layoutDir, descriptor);
    const { manifest, mediaType } = parseManifest(bytes, descriptor.mediaType);
    if (isImageIndex(manifest)) {
      for (const child of (manifest as ImageIndex).manifests) await visit(child);
    } else {
      const image = manifest as ImageManifest;
      for (const blob of [image.config, ...image.layers]) if (!blobs.has(blob.digest)) blobs.set(blob.digest, blob);
    }
    manifests.push({ bytes, mediaType });
  };
  await visit(root);
  return { manifests, blobs: [...blobs.values()] };
}
