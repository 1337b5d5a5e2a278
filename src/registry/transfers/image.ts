// Whole images: pull (manifest tree + blobs, every blob verified) into an OCI image layout, and push
// an image or index from a layout (children and blobs first, the root manifest last).
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createHash } from 'node:crypto';
import type { CallOptions, Descriptor, ImageIndex, ImageManifest, Manifest, Platform, PushResult, RegistryService } from '../types';
import { NotFoundError, RegistryError } from '../errors';
import { isImageIndex, parseManifest, platformLabel } from '../manifest';
import { isDigest } from '../reference';
import { addToLayoutIndex, blobPath, initLayout, readLayoutBlob, readLayoutIndex, REF_NAME_ANNOTATION, writeFileAtomic } from './layout';

export interface PullOptions extends CallOptions {
  /** `os/arch[/variant]` to pick from an index; default linux/<this machine's arch>. */
  platform?: string;
  /** Keep the whole index with every platform. */
  all?: boolean;
  onBlob?: (descriptor: Descriptor) => void;
}

const NODE_TO_OCI_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

export function defaultPlatform(): string {
  return `linux/${NODE_TO_OCI_ARCH[process.arch] ?? process.arch}`;
}

export function matchesPlatform(platform: Platform | undefined, wanted: string): boolean {
  if (!platform) return false;
  const [os, architecture, variant] = wanted.split('/');
  if (platform.os !== os || platform.architecture !== architecture) return false;
  // arm64 without a variant means v8.
  const have = platform.variant ?? (architecture === 'arm64' ? 'v8' : undefined);
  const want = variant ?? (architecture === 'arm64' ? 'v8' : undefined);
  return want === undefined || have === want;
}

/** True when the layout already holds a verified copy (re-hashed: the folder may hold anything). */
async function haveBlob(layoutDir: string, descriptor: Descriptor): Promise<boolean> {
  const path = blobPath(layoutDir, descriptor.digest);
  try {
    if ((await stat(path)).size !== descriptor.size) return false;
  } catch {
    return false;
  }
  const hash = createHash(descriptor.digest.startsWith('sha512:') ? 'sha512' : 'sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return descriptor.digest.endsWith(hash.digest('hex'));
}

export async function pullImage(
  client: RegistryService,
  repository: string,
  reference: string,
  layoutDir: string,
  options: PullOptions = {},
): Promise<Descriptor> {
  await initLayout(layoutDir);
  const root = await client.getManifest(repository, reference, options);
  let rootDescriptor: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length };
  let manifestsToFetch: { descriptor: Descriptor; manifest: Manifest; bytes: Buffer }[] = [{ descriptor: rootDescriptor, manifest: root.manifest, bytes: root.bytes }];
  if (isImageIndex(root.manifest) && !options.all) {
    const wanted = options.platform ?? defaultPlatform();
    const child = root.manifest.manifests.find((d) => matchesPlatform(d.platform, wanted));
    if (!child) {
      const available = root.manifest.manifests.map((d) => platformLabel(d.platform)).join(', ');
      throw new NotFoundError(`${repository}:${reference} has no ${wanted} image (available: ${available || 'none'}); use --platform or --all`);
    }
    const fetched = await client.getManifest(repository, child.digest, options);
    rootDescriptor = { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length, platform: child.platform };
    manifestsToFetch = [{ descriptor: rootDescriptor, manifest: fetched.manifest, bytes: fetched.bytes }];
  }
  for (let i = 0; i < manifestsToFetch.length; i++) {
    const { manifest, bytes, descriptor } = manifestsToFetch[i];
    if (isImageIndex(manifest)) {
      for (const child of manifest.manifests) {
        const fetched = await client.getManifest(repository, child.digest, options);
        manifestsToFetch.push({ descriptor: child, manifest: fetched.manifest, bytes: fetched.bytes });
      }
    } else {
      for (const blob of [manifest.config, ...manifest.layers]) {
        if (await haveBlob(layoutDir, blob)) continue;
        const path = blobPath(layoutDir, blob.digest);
        await mkdir(dirname(path), { recursive: true });
        await client.downloadBlob(repository, blob, path, { signal: options.signal });
        options.onBlob?.(blob);
      }
    }
    await mkdir(dirname(blobPath(layoutDir, descriptor.digest)), { recursive: true });
    await writeFileAtomic(blobPath(layoutDir, descriptor.digest), bytes);
  }
  const annotations = isDigest(reference) ? undefined : { [REF_NAME_ANNOTATION]: reference };
  const entry: Descriptor = { ...rootDescriptor, ...(annotations ? { annotations } : {}) };
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
