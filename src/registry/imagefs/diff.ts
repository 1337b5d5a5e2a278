// What changed between two images' filesystems, path by path.
import type { FileChange, FileNode, ImageFiles } from './api';

function differs(before: FileNode, after: FileNode): boolean {
  return before.type !== after.type || before.size !== after.size || before.mode !== after.mode
    || before.linkTarget !== after.linkTarget || before.contentDigest !== after.contentDigest;
}

/** Added, removed and changed nodes (type, size, mode, link target or content digest), in path order. */
export function diffImageFiles(before: ImageFiles, after: ImageFiles): FileChange[] {
  const earlier = new Map<string, FileNode>();
  for (const node of before.walk()) earlier.set(node.path, node);
  const changes: FileChange[] = [];
  for (const node of after.walk()) {
    const old = earlier.get(node.path);
    earlier.delete(node.path);
    if (!old) changes.push({ kind: 'added', path: node.path, node });
    else if (differs(old, node)) changes.push({ kind: 'changed', path: node.path, before: old, after: node });
  }
  for (const [path, node] of earlier) changes.push({ kind: 'removed', path, node });
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
