// A layer read from its cached uncompressed tar: any file's bytes by offset, without the network.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AbortedError, NotFoundError, TooLargeError, UnsupportedError } from '../errors';
import { formatBytes } from '../byteSize';
import type { LayerEntry, LayerIndex } from './api';
import type { IndexedEntry } from './tarEntry';
import { TAR_FILE } from './layerCache';

/** What one read returns at most unless the caller says otherwise: a Buffer of more is unwieldy. */
export const DEFAULT_READ_MAX_BYTES = 1024 * 1024 * 1024;
/** Hard links pointing at hard links, followed at most this often. */
const MAX_LINK_HOPS = 16;

export interface ReadOptions {
  signal?: AbortSignal;
  maxBytes?: number;
}

export class CachedLayer implements LayerIndex {
  readonly entries: readonly LayerEntry[];
  private byPath?: Map<string, IndexedEntry>;

  constructor(readonly digest: string, private readonly folder: string, readonly indexed: readonly IndexedEntry[]) {
    this.entries = indexed.map((item) => item.entry);
  }

  /** The entry a path names in this layer: the last usable one, else the last listed one. */
  find(path: string): IndexedEntry | undefined {
    if (!this.byPath) {
      const byPath = new Map<string, IndexedEntry>();
      for (const item of this.indexed) {
        if (item.entry.whiteout) continue;
        const known = byPath.get(item.entry.path);
        if (!known || item.applies || !known.applies) byPath.set(item.entry.path, item);
      }
      this.byPath = byPath;
    }
    return this.byPath.get(path);
  }

  readFile(path: string, options: ReadOptions = {}): Promise<Buffer> {
    return this.readEntry(this.required(path), options);
  }

  openFile(path: string, options: { signal?: AbortSignal } = {}): Promise<NodeJS.ReadableStream> {
    return this.openEntry(this.required(path), options);
  }

  async openEntry(entry: IndexedEntry, options: { signal?: AbortSignal } = {}): Promise<NodeJS.ReadableStream> {
    const item = this.content(entry, entry.entry.path);
    if (options.signal?.aborted) throw new AbortedError();
    const size = item.entry.size;
    if (size === 0) return Readable.from([]);
    return createReadStream(join(this.folder, TAR_FILE), { start: item.offset, end: item.offset + size - 1, signal: options.signal });
  }

  /** The bytes of a file entry (a hard link's target's for a hard link). */
  async readEntry(item: IndexedEntry, options: ReadOptions = {}): Promise<Buffer> {
    const file = this.content(item, item.entry.path);
    const size = file.entry.size;
    const limit = options.maxBytes ?? DEFAULT_READ_MAX_BYTES;
    if (size > limit) throw new TooLargeError(`${item.entry.path} holds ${formatBytes(size)}, more than the ${formatBytes(limit)} read at once`);
    if (options.signal?.aborted) throw new AbortedError();
    const buffer = Buffer.alloc(size);
    let handle;
    try {
      handle = await open(join(this.folder, TAR_FILE), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundError(`the cached copy of layer ${this.digest} was removed (the layer cache was cleared or is full); open the image again`);
      }
      throw error;
    }
    try {
      let filled = 0;
      while (filled < size) {
        if (options.signal?.aborted) throw new AbortedError();
        const { bytesRead } = await handle.read(buffer, filled, Math.min(size - filled, 4 * 1024 * 1024), file.offset + filled);
        if (bytesRead === 0) throw new NotFoundError(`the cached copy of layer ${this.digest} is shorter than its index says; clear the layer cache`);
        filled += bytesRead;
      }
    } finally {
      await handle.close();
    }
    return buffer;
  }

  private required(path: string): IndexedEntry {
    const item = this.find(path);
    if (!item) throw new NotFoundError(`layer ${this.digest} has no entry ${JSON.stringify(path)}`);
    return item;
  }

  /** The entry whose bytes `item` shows: itself for a file, its target for a hard link. */
  content(item: IndexedEntry, shownAs: string): IndexedEntry {
    let current = item;
    for (let hops = 0; current.entry.type === 'hardlink'; hops++) {
      const target = current.entry.linkTarget === undefined ? undefined : this.find(current.entry.linkTarget);
      if (!target || hops >= MAX_LINK_HOPS) throw new NotFoundError(`${shownAs} is a hard link to ${JSON.stringify(current.entry.linkTarget)}, which this layer does not hold`);
      current = target;
    }
    if (current.entry.type !== 'file') throw new UnsupportedError(`${shownAs} is a ${describeType(current.entry)}, not a file with content`);
    if (current.offset < 0) throw new UnsupportedError(`${shownAs} cannot be read: ${current.entry.warning ?? 'the layer holds no content for it'}`);
    return current;
  }
}

export function describeType(entry: Pick<LayerEntry, 'type'>): string {
  const names: Record<LayerEntry['type'], string> = {
    file: 'file', directory: 'directory', symlink: 'symbolic link', hardlink: 'hard link',
    charDevice: 'character device', blockDevice: 'block device', fifo: 'named pipe',
  };
  return names[entry.type];
}
