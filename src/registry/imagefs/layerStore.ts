// Layers downloaded once (verified against their digest), indexed while they stream and kept on disk
// by digest. Callers asking for the same layer at once share one download, which stops only when all
// of them have cancelled.
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Descriptor, ProgressEvent, RegistryService } from '../types';
import { AbortedError } from '../errors';
import { parseDigest } from '../digest';
import type { LayerStoreOptions } from './api';
import { CachedLayer } from './cachedLayer';
import { compressionOf, decoderFor, ExpansionCap, MagicCheck } from './decompress';
import { TarIndexer } from './tarIndexer';
import * as cache from './layerCache';

/** Indexes kept parsed in memory, most recently used last (a large layer's index is megabytes of JSON). */
const REMEMBERED_LAYERS = 8;

/** Uncompressed bytes one layer may expand to unless the caller says otherwise. */
export const DEFAULT_MAX_EXPANDED_BYTES = 16 * 1024 * 1024 * 1024;

export interface LayerRequestOptions {
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

interface SharedDownload {
  done: Promise<CachedLayer>;
  stop: AbortController;
  waiters: number;
  listeners: Set<(event: ProgressEvent) => void>;
}

export class LayerStore {
  private readonly downloads = new Map<string, SharedDownload>();
  private readonly recent = new Map<string, CachedLayer>();
  private partialsChecked = false;

  constructor(readonly options: LayerStoreOptions) {}

  get directory(): string {
    return this.options.directory;
  }

  async layer(client: RegistryService, repository: string, descriptor: Descriptor, options: LayerRequestOptions = {}): Promise<CachedLayer> {
    const { digest } = descriptor;
    parseDigest(digest);
    if (options.signal?.aborted) throw new AbortedError('opening the layer was cancelled');
    const remembered = this.recent.get(digest);
    this.recent.delete(digest);
    if (remembered && await cache.touchFolder(this.directory, digest)) return this.remember(remembered);
    const stored = await cache.loadIndex(this.directory, digest, this.options.log);
    if (stored) return this.remember(new CachedLayer(digest, join(this.directory, cache.folderName(digest)), stored.entries));
    let shared = this.downloads.get(digest);
    if (!shared) {
      const stop = new AbortController();
      const listeners = new Set<(event: ProgressEvent) => void>();
      const done = this.download(client, repository, descriptor, stop.signal, (event) => listeners.forEach((listener) => listener(event)));
      const created: SharedDownload = { done, stop, waiters: 0, listeners };
      shared = created;
      this.downloads.set(digest, created);
      done.then((layer) => {
        this.downloads.delete(digest);
        this.remember(layer);
      }, () => this.downloads.delete(digest));
    }
    return this.waitFor(shared, options);
  }

  private remember(layer: CachedLayer): CachedLayer {
    this.recent.delete(layer.digest);
    this.recent.set(layer.digest, layer);
    for (const oldest of this.recent.keys()) {
      if (this.recent.size <= REMEMBERED_LAYERS) break;
      this.recent.delete(oldest);
    }
    return layer;
  }

  /** Bytes the cache holds now. */
  size(): Promise<number> {
    return cache.cacheBytes(this.directory);
  }

  /** Removes every cached layer (downloads under way finish into the emptied cache). */
  clear(): Promise<void> {
    this.recent.clear();
    return cache.clearCache(this.directory);
  }

  private waitFor(shared: SharedDownload, options: LayerRequestOptions): Promise<CachedLayer> {
    const { signal, onProgress } = options;
    shared.waiters++;
    if (onProgress) shared.listeners.add(onProgress);
    return new Promise<CachedLayer>((resolve, reject) => {
      const leave = (): void => {
        signal?.removeEventListener('abort', onAbort);
        if (onProgress) shared.listeners.delete(onProgress);
      };
      const onAbort = (): void => {
        leave();
        if (--shared.waiters > 0) return reject(new AbortedError('opening the layer was cancelled'));
        // The last one waiting: stop the download, and answer once its temporary files are gone.
        shared.stop.abort();
        shared.done.then(
          () => reject(new AbortedError('opening the layer was cancelled')),
          () => reject(new AbortedError('opening the layer was cancelled')),
        );
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      shared.done.then(
        (layer) => {
          leave();
          resolve(layer);
        },
        (error: unknown) => {
          leave();
          reject(error);
        },
      );
    });
  }

  private async download(client: RegistryService, repository: string, descriptor: Descriptor, signal: AbortSignal, onProgress: (event: ProgressEvent) => void): Promise<CachedLayer> {
    const { digest } = descriptor;
    const compression = compressionOf(descriptor.mediaType);
    const decoder = decoderFor(compression);
    await mkdir(this.directory, { recursive: true });
    if (!this.partialsChecked) {
      this.partialsChecked = true;
      await cache.removeStalePartials(this.directory);
    }
    const temp = await mkdtemp(join(this.directory, cache.PARTIAL_PREFIX));
    try {
      const blob = await client.openBlob(repository, { digest, size: descriptor.size }, { signal, onProgress });
      const indexer = new TarIndexer();
      const limit = this.options.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES;
      await pipeline(blob, new MagicCheck(compression, descriptor.mediaType), decoder, new ExpansionCap(limit), indexer, createWriteStream(join(temp, cache.TAR_FILE), { flags: 'wx' }), { signal });
      await writeFile(join(temp, cache.INDEX_FILE), cache.indexJson(digest, indexer.position, indexer.entries), { flag: 'wx' });
      await cache.commitFolder(this.directory, temp, digest);
      this.options.log?.('debug', 'layers', `indexed ${digest}: ${indexer.entries.length} entries, ${indexer.position} bytes uncompressed`);
      await cache.evict(this.directory, this.options.maxBytes, new Set([cache.folderName(digest)]), this.options.log);
      return new CachedLayer(digest, join(this.directory, cache.folderName(digest)), indexer.entries);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      if (signal.aborted) throw new AbortedError('opening the layer was cancelled');
      throw error;
    }
  }
}
