import type { FileNode, LayerEntry, LayerIndex } from '../../registry/imagefs/api';
import { NotFoundError } from '../../registry/errors';
import { parentPath, type BrowsableFiles } from './paths';

/** A directory a layer holds entries under without listing it itself. */
export interface ImpliedDirectory { path: string; type: 'directory'; implied: true }
export type LayerRow = LayerEntry | ImpliedDirectory;

/**
 * One layer's entries as a tree: every entry (whiteouts included) under its directory, for the
 * explorer's rows, and the layer as files (whiteouts left out, later entries of a path winning)
 * for the filesystem provider.
 */
export class LayerFiles implements BrowsableFiles {
  private readonly rows = new Map<string, LayerRow[]>();
  private readonly nodes = new Map<string, FileNode>();
  private readonly children = new Map<string, Map<string, FileNode>>();

  constructor(readonly index: LayerIndex) {
    this.children.set('', new Map());
    for (const entry of index.entries) {
      this.addRow(entry);
      if (entry.whiteout) continue;
      const node: FileNode = {
        path: entry.path, type: entry.type, size: entry.size, mode: entry.mode, uid: entry.uid, gid: entry.gid,
        mtime: entry.mtime, linkTarget: entry.linkTarget, layer: 0,
      };
      this.nodes.set(entry.path, node);
      this.impliedDirectories(entry.path);
      this.children.get(parentPath(entry.path))?.set(entry.path, node);
      if (entry.type === 'directory' && !this.children.has(entry.path)) this.children.set(entry.path, new Map());
    }
  }

  /** Rows directly under `directory` ('' for the layer's top): directories first, then by name. */
  rowsUnder(directory: string): LayerRow[] {
    return [...(this.rows.get(directory) ?? [])].sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.path.localeCompare(b.path));
  }

  hasRowsUnder(directory: string): boolean {
    return (this.rows.get(directory)?.length ?? 0) > 0;
  }

  stat(path: string): FileNode | undefined {
    if (path === '') return { path: '', type: 'directory', size: 0, mode: 0o755, uid: 0, gid: 0, layer: 0 };
    return this.nodes.get(path);
  }

  readDirectory(path: string): FileNode[] {
    const listed = this.children.get(path);
    if (!listed) throw new NotFoundError(`/${path} is not a directory of this layer`);
    return [...listed.values()];
  }

  /** A hard link reads as the file it links to. */
  readFile(path: string, options?: { signal?: AbortSignal; maxBytes?: number }): Promise<Buffer> {
    const node = this.nodes.get(path);
    const target = node?.type === 'hardlink' && node.linkTarget ? node.linkTarget : path;
    return this.index.readFile(target, options);
  }

  private addRow(entry: LayerEntry): void {
    // An opaque marker belongs inside the directory it hides; a whiteout sits where the hidden path was.
    const directory = entry.whiteout === 'opaque' ? entry.path : parentPath(entry.path);
    this.impliedRows(directory);
    const list = this.rows.get(directory) ?? [];
    if (!entry.whiteout && entry.type === 'directory') {
      const implied = list.findIndex((row) => row.path === entry.path && 'implied' in row);
      if (implied >= 0) list.splice(implied, 1);
    }
    list.push(entry);
    this.rows.set(directory, list);
  }

  private impliedRows(directory: string): void {
    for (let dir = directory; dir !== ''; dir = parentPath(dir)) {
      const siblings = this.rows.get(parentPath(dir)) ?? [];
      if (siblings.some((row) => row.path === dir && row.type === 'directory' && !('whiteout' in row && row.whiteout))) return;
      siblings.push({ path: dir, type: 'directory', implied: true });
      this.rows.set(parentPath(dir), siblings);
    }
  }

  private impliedDirectories(path: string): void {
    const missing: string[] = [];
    for (let dir = parentPath(path); dir !== '' && !this.nodes.has(dir); dir = parentPath(dir)) missing.unshift(dir);
    for (const dir of missing) {
      const node: FileNode = { path: dir, type: 'directory', size: 0, mode: 0o755, uid: 0, gid: 0, layer: 0 };
      this.nodes.set(dir, node);
      if (!this.children.has(dir)) this.children.set(dir, new Map());
      this.children.get(parentPath(dir))?.set(dir, node);
    }
  }
}
