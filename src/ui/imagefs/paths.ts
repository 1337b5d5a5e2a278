import * as l10n from '@vscode/l10n';
import type { FileNode } from '../../registry/imagefs/api';

/** What the filesystem provider reads from: an image's merged files, or one layer's. */
export interface BrowsableFiles {
  stat(path: string): FileNode | undefined;
  readDirectory(path: string): FileNode[];
  readFile(path: string, options?: { signal?: AbortSignal; maxBytes?: number }): Promise<Buffer>;
}

/** As Linux's limit on symlinks followed while resolving one path. */
const MAX_LINKS = 40;

export class LinkLoopError extends Error {
  override name = 'LinkLoopError';
}

export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const ROOT: FileNode = { path: '', type: 'directory', size: 0, mode: 0o755, uid: 0, gid: 0, layer: 0 };

/**
 * The node a path names, with symlinks along the way followed inside the image (an absolute target
 * starts again from the image's root, `..` stops at the root) and, when `followLast`, the last one
 * too. Undefined when something on the way is missing; LinkLoopError past 40 links.
 */
export function resolvePath(files: Pick<BrowsableFiles, 'stat'>, path: string, followLast = true): FileNode | undefined {
  let pending = path.split('/');
  let done: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const name = pending.shift() as string;
    if (name === '' || name === '.') continue;
    if (name === '..') { done.pop(); continue; }
    const node = files.stat([...done, name].join('/'));
    if (!node) return undefined;
    if (node.type === 'symlink' && (pending.length > 0 || followLast)) {
      if (++hops > MAX_LINKS) throw new LinkLoopError(l10n.t('Too many symbolic links while resolving /{0}', path));
      const target = node.linkTarget ?? '';
      if (target.startsWith('/')) done = [];
      pending = [...target.split('/'), ...pending];
      continue;
    }
    done.push(name);
  }
  return done.length === 0 ? files.stat('') ?? ROOT : files.stat(done.join('/'));
}
