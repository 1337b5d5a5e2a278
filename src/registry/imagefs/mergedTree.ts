// The merged root filesystem of an image: each layer's whiteouts first remove what lower layers
// added (OCI image-spec layer.md: a whiteout hides lower entries only), then its entries are laid on top.
// A directory replaces a file and a file a directory; a hard link shares its target's content.
import type { FileNode } from './api';
import type { CachedLayer } from './cachedLayer';
import type { IndexedEntry } from './tarEntry';
import { baseName, parentOf } from './entryPath';

/** A FileNode without its path (the tree's keys hold the names), with its children and where its bytes are. */
export interface MergedNode extends Omit<FileNode, 'path'> {
  children?: Map<string, MergedNode>;
  /** Where the bytes are: the layer and the file entry holding them. */
  content?: { layer: number; item: IndexedEntry };
}

/** Symbolic links followed while resolving one path, at most (Linux allows 40). */
export const MAX_SYMLINK_HOPS = 40;

export type Resolved = { node: MergedNode } | { missing: true } | { loop: true };

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.');
}

/** Follows symlinks inside the tree only: `..` stops at the root, absolute targets start from it. */
export function resolveIn(root: MergedNode, path: string, followFinal: boolean): Resolved {
  const stack: MergedNode[] = [root];
  const pending = segments(path).reverse();
  let hops = 0;
  while (pending.length) {
    const segment = pending.pop() as string;
    if (segment === '..') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const child = stack[stack.length - 1].children?.get(segment);
    if (!child) return { missing: true };
    if (child.type === 'symlink' && (pending.length > 0 || followFinal)) {
      if (++hops > MAX_SYMLINK_HOPS) return { loop: true };
      const target = child.linkTarget ?? '';
      if (target.startsWith('/')) stack.length = 1;
      pending.push(...segments(target).reverse());
      continue;
    }
    stack.push(child);
  }
  return { node: stack[stack.length - 1] };
}

function directory(layer: number, item?: IndexedEntry): MergedNode {
  const entry = item?.entry;
  return { type: 'directory', size: 0, mode: entry?.mode ?? 0o755, uid: entry?.uid ?? 0, gid: entry?.gid ?? 0, mtime: entry?.mtime, layer, children: new Map() };
}

/** The directory at `path`, made (or put in place of a file) where missing; symlinks to directories are followed. */
function ensureDirectory(root: MergedNode, path: string, layer: number): MergedNode | undefined {
  let current = root;
  const parts = segments(path);
  for (let i = 0; i < parts.length; i++) {
    const children = current.children as Map<string, MergedNode>;
    let child = children.get(parts[i]);
    if (child?.type === 'symlink') {
      const resolved = resolveIn(root, parts.slice(0, i + 1).join('/'), true);
      if ('loop' in resolved) return undefined;
      if ('node' in resolved && resolved.node.type === 'directory') {
        current = resolved.node;
        continue;
      }
    }
    if (child?.type !== 'directory') {
      child = directory(layer);
      children.set(parts[i], child);
    }
    current = child;
  }
  return current;
}

function applyWhiteout(root: MergedNode, item: IndexedEntry): void {
  const { entry } = item;
  if (entry.whiteout === 'opaque') {
    const found = resolveIn(root, entry.path, true);
    if ('node' in found && found.node.children) found.node.children = new Map();
    return;
  }
  const parent = resolveIn(root, parentOf(entry.path), true);
  if ('node' in parent) parent.node.children?.delete(baseName(entry.path));
}

function applyEntry(root: MergedNode, item: IndexedEntry, layer: number): void {
  const { entry } = item;
  const parent = ensureDirectory(root, parentOf(entry.path), layer);
  if (!parent?.children) return;
  const name = baseName(entry.path);
  const existing = parent.children.get(name);
  if (entry.type === 'directory') {
    const node = directory(layer, item);
    if (existing?.type === 'directory') node.children = existing.children;
    parent.children.set(name, node);
    return;
  }
  const node: MergedNode = { type: entry.type, size: entry.size, mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime, layer };
  if (entry.linkTarget !== undefined) node.linkTarget = entry.linkTarget;
  if (entry.type === 'file') {
    node.content = { layer, item };
    node.contentDigest = entry.contentDigest;
  }
  if (entry.type === 'hardlink') {
    const found = resolveIn(root, entry.linkTarget ?? '', false);
    const target = 'node' in found ? found.node : undefined;
    if (target?.content) {
      Object.assign(node, { size: target.size, mode: target.mode, uid: target.uid, gid: target.gid, content: target.content, contentDigest: target.contentDigest });
    } else {
      node.warning = `hard link to ${JSON.stringify(entry.linkTarget)}, which is not a file of the image`;
    }
  }
  parent.children.set(name, node);
}

export function mergeLayers(layers: readonly CachedLayer[]): MergedNode {
  const root = directory(0);
  layers.forEach((layer, index) => {
    for (const item of layer.indexed) if (item.applies && item.entry.whiteout) applyWhiteout(root, item);
    for (const item of layer.indexed) if (item.applies && !item.entry.whiteout) applyEntry(root, item, index);
  });
  return root;
}
