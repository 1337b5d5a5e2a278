// An image's merged root filesystem, read from its cached layers: stat, directories, file bytes and
// a walk over every node. Symlinks resolve inside the image only; nothing here touches the network.
import type { FetchedManifest, ImageManifest, RegistryService } from '../types';
import { NotFoundError, RegistryError, UnsupportedError } from '../errors';
import { isImageIndex, platformLabel } from '../manifest';
import type { FileNode, ImageFiles, LayerProgress } from './api';
import type { CachedLayer, ReadOptions } from './cachedLayer';
import { describeType } from './cachedLayer';
import type { LayerStore } from './layerStore';
import { joinPath, normaliseName } from './entryPath';
import { mergeLayers, resolveIn, type MergedNode } from './mergedTree';
import { ByteProgress, forEachBounded } from '../transfers/bounded';

export type ImageManifestWithDigest = ImageManifest & { digest: string };

/** Layers downloaded or indexed at once when an image opens (as `docker pull` does). */
export const LAYER_CONCURRENCY = 3;

export interface OpenImageOptions {
  signal?: AbortSignal;
  onProgress?: (progress: LayerProgress) => void;
  /** Layers worked on at once (default LAYER_CONCURRENCY). */
  concurrency?: number;
}

function toFileNode(node: MergedNode, path: string): FileNode {
  const { type, size, mode, uid, gid, mtime, linkTarget, contentDigest, warning, layer } = node;
  const result: FileNode = { path, type, size, mode, uid, gid, layer };
  if (mtime !== undefined) result.mtime = mtime;
  if (linkTarget !== undefined) result.linkTarget = linkTarget;
  if (contentDigest !== undefined) result.contentDigest = contentDigest;
  if (warning !== undefined) result.warning = warning;
  return result;
}

function sortedChildren(node: MergedNode): [string, MergedNode][] {
  return [...(node.children ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export class MergedImageFiles implements ImageFiles {
  private readonly root: MergedNode;

  constructor(readonly manifestDigest: string, readonly layers: readonly CachedLayer[]) {
    this.root = mergeLayers(layers);
  }

  stat(path: string): FileNode | undefined {
    const clean = normaliseName(path).path;
    const found = resolveIn(this.root, clean, false);
    return 'node' in found ? toFileNode(found.node, clean) : undefined;
  }

  readDirectory(path: string): FileNode[] {
    const clean = normaliseName(path).path;
    const node = this.follow(clean);
    if (!node.children) throw new NotFoundError(`${JSON.stringify(clean)} is a ${describeType(node)}, not a directory`);
    return sortedChildren(node).map(([name, child]) => toFileNode(child, joinPath(clean, name)));
  }

  async readFile(path: string, options: ReadOptions = {}): Promise<Buffer> {
    const node = this.contentNode(normaliseName(path).path);
    return this.layers[node.content.layer].readEntry(node.content.item, options);
  }

  private contentNode(path: string): MergedNode & { content: NonNullable<MergedNode['content']> } {
    const node = this.follow(path);
    if (!node.content) {
      if (node.warning) throw new NotFoundError(`${path}: ${node.warning}`);
      throw new UnsupportedError(`${JSON.stringify(path)} is a ${describeType(node)}, not a file with content`);
    }
    return node as MergedNode & { content: NonNullable<MergedNode['content']> };
  }

  /** The content of a file as a stream (symlinks followed), for large files. */
  openFile(path: string, options: { signal?: AbortSignal } = {}): Promise<NodeJS.ReadableStream> {
    const node = this.contentNode(normaliseName(path).path);
    return this.layers[node.content.layer].openEntry(node.content.item, options);
  }

  /** Every node but the root, parents before their children, names in code-point order. */
  *walk(): Iterable<FileNode> {
    const pending: [string, MergedNode][] = sortedChildren(this.root).reverse();
    while (pending.length) {
      const [path, node] = pending.pop() as [string, MergedNode];
      yield toFileNode(node, path);
      if (node.children) for (const [name, child] of sortedChildren(node).reverse()) pending.push([joinPath(path, name), child]);
    }
  }

  /** The node `path` names with every symlink followed. */
  private follow(path: string): MergedNode {
    const found = resolveIn(this.root, path, true);
    if ('loop' in found) throw new RegistryError(`${JSON.stringify(path)}: too many levels of symbolic links (a loop)`);
    if ('missing' in found) throw new NotFoundError(`${JSON.stringify(path)} is not in the image`);
    return found.node;
  }
}

function isFetched(manifest: FetchedManifest | ImageManifestWithDigest): manifest is FetchedManifest {
  return 'bytes' in manifest && 'manifest' in manifest;
}

/**
 * Downloads (or finds cached) every layer of an image manifest, a few at once, and merges them in order. An index
 * is refused with the platforms it lists, for the caller to pick one.
 */
export async function openImageFiles(
  client: RegistryService,
  repository: string,
  manifest: FetchedManifest | ImageManifestWithDigest,
  store: LayerStore,
  options: OpenImageOptions = {},
): Promise<MergedImageFiles> {
  const parsed = isFetched(manifest) ? manifest.manifest : manifest;
  const digest = manifest.digest;
  if (isImageIndex(parsed)) {
    const platforms = parsed.manifests.map((entry) => platformLabel(entry.platform)).join(', ');
    throw new UnsupportedError(`${repository}@${digest} is an index of ${parsed.manifests.length} manifests (${platforms || 'no platforms'}); pick one platform to open`);
  }
  if (!Array.isArray(parsed.layers)) throw new UnsupportedError(`${repository}@${digest} lists no layers`);
  const layers: CachedLayer[] = new Array(parsed.layers.length);
  const total = parsed.layers.reduce((sum, layer) => sum + (Number.isSafeInteger(layer.size) ? layer.size : 0), 0);
  let layersReady = 0;
  const report = options.onProgress;
  const bytes = new ByteProgress(total, report && ((event) => report({ transferred: event.transferred, total, layersReady, layers: parsed.layers.length })));
  // A few layers at once, as pulls do: one downloads while another is decompressed and indexed.
  await forEachBounded([...parsed.layers.keys()], options.concurrency ?? LAYER_CONCURRENCY, options.signal, async (index, signal) => {
    const descriptor = parsed.layers[index];
    layers[index] = await store.layer(client, repository, descriptor, {
      signal,
      onProgress: (event) => bytes.update(String(index), event.transferred, descriptor.size),
    });
    layersReady++;
    bytes.update(String(index), descriptor.size, descriptor.size);
    report?.({ transferred: bytes.transferred, total, layersReady, layers: parsed.layers.length });
  }, 'opening the image');
  return new MergedImageFiles(digest, layers);
}
