// Shapes of the image filesystem service: layers indexed once and kept on disk by digest, an image's merged
// root filesystem, and diffs between two images. Types only; no `vscode` import anywhere under src/registry.
import type { LogSink } from '../types';

export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'charDevice' | 'blockDevice' | 'fifo';

/** One entry of one layer's tar, as listed (whiteouts included, marked). */
export interface LayerEntry {
  /**
   * Normalised: relative, '/'-separated, no leading '/', no '.' or '..' segments; never empty (the root is not
   * listed) except for an opaque whiteout of the root itself.
   */
  path: string;
  /** The name exactly as the tar held it, when it differs from `path` (absolute, `../`, invalid UTF-8 shown with U+FFFD). */
  rawName?: string;
  type: EntryType;
  /** Bytes of content (0 for non-files). */
  size: number;
  /** Permission bits incl. setuid/setgid/sticky (not the type bits). */
  mode: number;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
  /** Milliseconds since the epoch. */
  mtime?: number;
  /** Symlink target as written, or the hard link's target path (normalised). */
  linkTarget?: string;
  /** `sha256:<hex>` of a regular file's content, computed while indexing. */
  contentDigest?: string;
  /** `.wh.<name>`: path is the hidden path; `.wh..wh..opq`: path is the directory. */
  whiteout?: 'file' | 'opaque';
  /** Why this entry is not usable as is (e.g. "escapes the root", "device file"); listed, never written. */
  warning?: string;
}

/** A layer downloaded once, verified, indexed and kept on disk by digest. */
export interface LayerIndex {
  /** The blob (compressed) digest. */
  readonly digest: string;
  readonly entries: readonly LayerEntry[];
  /** Content of a regular file entry of this layer; no network once indexed. Refuses above maxBytes. */
  readFile(path: string, options?: { signal?: AbortSignal; maxBytes?: number }): Promise<Buffer>;
  openFile(path: string, options?: { signal?: AbortSignal }): Promise<NodeJS.ReadableStream>;
}

/** One node of the merged root filesystem. */
export interface FileNode {
  /** '' for the root. */
  path: string;
  type: EntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime?: number;
  linkTarget?: string;
  /** `sha256:<hex>` of the content of a file (or of a hard link's target). */
  contentDigest?: string;
  /** Why the node cannot be read (e.g. a hard link whose target is missing). */
  warning?: string;
  /** Index (0-based, in manifest order) of the layer this version comes from. */
  layer: number;
}

/** The merged filesystem of one image manifest (layers applied in order, whiteouts honoured). */
export interface ImageFiles {
  readonly manifestDigest: string;
  readonly layers: readonly LayerIndex[];
  /** Hard links resolved to their target's content, symlinks NOT followed. */
  stat(path: string): FileNode | undefined;
  /** Throws NotFoundError (src/registry/errors.ts) when absent or not a directory. */
  readDirectory(path: string): FileNode[];
  readFile(path: string, options?: { signal?: AbortSignal; maxBytes?: number }): Promise<Buffer>;
  /** Every node, depth-first; for Find in Image and diffs. */
  walk(): Iterable<FileNode>;
}

export type FileChange =
  | { kind: 'added' | 'removed'; path: string; node: FileNode }
  | { kind: 'changed'; path: string; before: FileNode; after: FileNode };

export interface LayerStoreOptions {
  /** Cache folder (the extension passes context.globalStorageUri + '/layers'; the CLI a folder under the user cache dir). */
  directory: string;
  /** Least-recently-used layers are removed once the cache is above this. */
  maxBytes: number;
  /** Cap on decompressed bytes per layer (compression bombs): a clear RegistryError when hit. */
  maxExpandedBytes?: number;
  log?: LogSink;
}

/** Bytes of an image's layers downloaded (or found in the cache) so far, and how many layers are ready. */
export interface LayerProgress {
  transferred: number;
  total?: number;
  layersReady: number;
  layers: number;
}
