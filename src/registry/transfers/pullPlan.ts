// What a pull must fetch: every manifest of the chosen tree first, so the total byte count of the
// blobs is known before the first blob is downloaded (progress can then say "x of y").
import { stat } from 'node:fs/promises';
import type { CallOptions, Descriptor, ImageManifest, Manifest, Platform, RegistryService } from '../types';
import { AbortedError, NotFoundError, TooLargeError } from '../errors';
import { isImageIndex, platformLabel } from '../manifest';
import { blobPath } from './layout';
import { digestOfFile } from './fileDigest';
import { parseDigest } from '../digest';

export interface PlannedManifest {
  descriptor: Descriptor;
  bytes: Buffer;
}

export interface PullPlan {
  /** The descriptor the layout's index.json will name: the index with `all`, else the chosen image. */
  root: Descriptor;
  /** Every manifest of the tree, root first; written to the layout once the blobs are in. */
  manifests: PlannedManifest[];
  /** Config and layer blobs the layout does not hold yet, each digest once. */
  blobs: Descriptor[];
  /** Sum of `blobs` sizes. */
  totalBytes: number;
}

export interface PlanOptions extends CallOptions {
  platform?: string;
  /** Digest of the index entry to pull, as picked from the index itself; wins over `platform`. */
  manifest?: string;
  all?: boolean;
}

/** Child manifests one pull reads at most (real indexes list a few dozen). */
export const MAX_PULL_MANIFESTS = 1000;
/** Indexes inside indexes, at most (real trees nest one or two). */
export const MAX_INDEX_DEPTH = 8;
/** All manifest bytes one pull holds in memory, at most. */
export const MAX_PULL_MANIFEST_BYTES = 64 * 1024 * 1024;

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

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AbortedError(`${what} cancelled`);
}

/** True when the layout already holds a verified copy (re-hashed: the folder may hold anything). */
export async function haveBlob(layoutDir: string, descriptor: Descriptor, signal?: AbortSignal): Promise<boolean> {
  const path = blobPath(layoutDir, descriptor.digest);
  try {
    if ((await stat(path)).size !== descriptor.size) return false;
  } catch {
    return false;
  }
  return (await digestOfFile(path, parseDigest(descriptor.digest).algorithm, signal, 'pull')) === descriptor.digest;
}

export async function planPull(client: RegistryService, repository: string, reference: string, layoutDir: string, options: PlanOptions = {}): Promise<PullPlan> {
  const { signal } = options;
  const fetched = await client.getManifest(repository, reference, { signal });
  let root: PlannedManifest = { descriptor: { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length }, bytes: fetched.bytes };
  let rootManifest = fetched.manifest;
  if (isImageIndex(rootManifest) && !options.all) {
    const wanted = options.platform ?? defaultPlatform();
    const child = options.manifest !== undefined
      ? rootManifest.manifests.find((d) => d.digest === options.manifest)
      : rootManifest.manifests.find((d) => matchesPlatform(d.platform, wanted));
    if (!child && options.manifest !== undefined) throw new NotFoundError(`${repository}:${reference} no longer lists ${options.manifest}`);
    if (!child) {
      const available = rootManifest.manifests.map((d) => platformLabel(d.platform)).join(', ');
      throw new NotFoundError(`${repository}:${reference} has no ${wanted} image (available: ${available || 'none'}); use --platform or --all`);
    }
    const image = await client.getManifest(repository, child.digest, { signal });
    root = { descriptor: { mediaType: image.mediaType, digest: image.digest, size: image.bytes.length, platform: child.platform }, bytes: image.bytes };
    rootManifest = image.manifest;
  }
  const manifests: PlannedManifest[] = [root];
  const blobs = new Map<string, Descriptor>();
  const where = `${repository}:${reference}`;
  let manifestBytes = root.bytes.length;
  // Breadth-first over the tree; an index may hold indexes. A hostile registry could serve an
  // endless or enormous tree: the number of child manifests, their bytes and the nesting are bounded.
  const pending: { manifest: Manifest; depth: number }[] = [{ manifest: rootManifest, depth: 0 }];
  for (let item = pending.shift(); item; item = pending.shift()) {
    const { manifest, depth } = item;
    if (isImageIndex(manifest)) {
      if (depth >= MAX_INDEX_DEPTH) throw new TooLargeError(`${where} nests indexes more than ${MAX_INDEX_DEPTH} levels deep; refusing to pull it`);
      if (manifests.length + manifest.manifests.length > MAX_PULL_MANIFESTS) {
        throw new TooLargeError(`${where} lists more than ${MAX_PULL_MANIFESTS} manifests in all; refusing to pull it`);
      }
      for (const child of manifest.manifests) {
        throwIfAborted(signal, 'pull');
        const image = await client.getManifest(repository, child.digest, { signal });
        manifestBytes += image.bytes.length;
        if (manifestBytes > MAX_PULL_MANIFEST_BYTES) {
          throw new TooLargeError(`the manifests of ${where} add up to more than ${MAX_PULL_MANIFEST_BYTES} bytes; refusing to pull it`);
        }
        manifests.push({ descriptor: child, bytes: image.bytes });
        pending.push({ manifest: image.manifest, depth: depth + 1 });
      }
    } else {
      const image = manifest as ImageManifest;
      for (const blob of [image.config, ...image.layers]) if (!blobs.has(blob.digest)) blobs.set(blob.digest, blob);
    }
  }
  const missing: Descriptor[] = [];
  for (const blob of blobs.values()) {
    throwIfAborted(signal, 'pull');
    if (!(await haveBlob(layoutDir, blob, signal))) missing.push(blob);
  }
  return { root: root.descriptor, manifests, blobs: missing, totalBytes: missing.reduce((sum, blob) => sum + blob.size, 0) };
}
