// Whole images: push an image or index from an OCI image layout (children and blobs first, the root
// manifest last); pulls live in pull.ts.
import type { CallOptions, Descriptor, ImageIndex, ImageManifest, PushResult, RegistryService } from '../types';
import { NotFoundError, RegistryError } from '../errors';
import { isImageIndex, parseManifest } from '../manifest';
import { blobPath, readLayoutBlob, readLayoutIndex, REF_NAME_ANNOTATION } from './layout';

export { defaultPlatform, matchesPlatform } from './pullPlan';
export { pullImage, type PullOptions, type PullResult } from './pull';

export interface PushOptions extends CallOptions {
  /** Which root of index.json to push (its ref name); default: the only one, or the one named like the tag. */
  refName?: string;
  onBlob?: (descriptor: Descriptor) => void;
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
