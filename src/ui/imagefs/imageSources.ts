import { join } from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../registry/byteSize';
import { isImageIndex } from '../../registry/manifest';
import type { ImageFiles, LayerProgress } from '../../registry/imagefs/api';
import type { Descriptor, FetchedManifest } from '../../registry/types';
import { hostOf, layoutConfig, readRegistries, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { shortDigest } from '../tree/nodes';
import { IMAGE_SCHEME, layoutFolderOfHost, sourceKey, type ImageLocation } from './imageUri';
import { refuseArtifact } from './imageWithFiles';
import { LayerFiles } from './layerFiles';
import type { BrowsableFiles } from './paths';
import { createLayerStore, openImageFiles, type LayerStoreLike } from './service';

/** Images and layers kept open at once; each holds its entry list in memory (the bytes stay on disk). */
const KEEP_OPEN = 8;

/**
 * Opens images and layers through the layer cache (context.globalStorageUri/layers, bounded by
 * registryExplorer.layerCacheSizeMB), once per digest, with byte progress that Cancel stops.
 */
export class ImageSources implements vscode.Disposable {
  private store: LayerStoreLike | undefined;
  private readonly open = new Map<string, Promise<BrowsableFiles>>();
  /** Media types of the layers opened from a row, for their URIs (which name only the digest) once closed. */
  private readonly layerTypes = new Map<string, string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: Services) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('registryExplorer.layerCacheSizeMB')) this.store = undefined;
    });
  }

  layerStore(): LayerStoreLike {
    const megabytes = vscode.workspace.getConfiguration('registryExplorer').get<number>('layerCacheSizeMB', 2048);
    this.store ??= createLayerStore({
      directory: join(this.services.context.globalStorageUri.fsPath, 'layers'),
      maxBytes: Math.max(1, megabytes) * 1024 * 1024,
      log: (level, component, message) => this.services.log[level === 'trace' ? 'debug' : level](component, message),
    });
    return this.store;
  }

  /** What a URI of ours shows, opened on first use. */
  files(location: ImageLocation): Promise<BrowsableFiles> {
    return this.remember(sourceKey(location), async () => {
      const registry = registryForHost(location.host);
      const client = await this.services.clients.get(registry);
      if (location.scheme === IMAGE_SCHEME) {
        const fetched = await client.getManifest(location.repository, location.digest);
        return this.loadImage(registry, location.repository, fetched);
      }
      const size = (await client.blobExists(location.repository, location.digest))?.size ?? 0;
      return this.loadLayer(registry, location.repository, { mediaType: this.layerTypes.get(location.digest) ?? '', digest: location.digest, size });
    });
  }

  /** An image's merged files; a download shows its progress. */
  openImage(registry: RegistryConfig, repository: string, fetched: FetchedManifest): Promise<ImageFiles> {
    const key = sourceKey({ scheme: IMAGE_SCHEME, host: hostOf(registry.url), repository, digest: fetched.digest, path: '' });
    return this.remember(key, () => this.loadImage(registry, repository, fetched)) as Promise<ImageFiles>;
  }

  /** One layer's entries; a download shows its progress. */
  openLayer(registry: RegistryConfig, repository: string, layer: Descriptor): Promise<LayerFiles> {
    const key = sourceKey({ scheme: 'oci-layer', host: hostOf(registry.url), repository, digest: layer.digest, path: '' });
    return this.remember(key, () => this.loadLayer(registry, repository, layer)) as Promise<LayerFiles>;
  }

  private async loadImage(registry: RegistryConfig, repository: string, fetched: FetchedManifest): Promise<ImageFiles> {
    if (isImageIndex(fetched.manifest)) throw new Error(vscode.l10n.t('{0}@{1} is an index: open one of its platforms', repository, shortDigest(fetched.digest)));
    refuseArtifact(`${repository}@${shortDigest(fetched.digest)}`, fetched.manifest);
    const client = await this.services.clients.get(registry);
    const title = vscode.l10n.t('Opening {0}@{1}', repository, shortDigest(fetched.digest));
    return withLayerProgress(title, (signal, onProgress) => openImageFiles(client, repository, fetched, this.layerStore(), { signal, onProgress }));
  }

  private async loadLayer(registry: RegistryConfig, repository: string, layer: Descriptor): Promise<LayerFiles> {
    if (layer.mediaType) this.layerTypes.set(layer.digest, layer.mediaType);
    const client = await this.services.clients.get(registry);
    const title = vscode.l10n.t('Reading layer {0} of {1}', shortDigest(layer.digest), repository);
    const index = await withLayerProgress(title, (signal, onProgress) => this.layerStore().layer(client, repository, layer, {
      signal, onProgress: ({ transferred, total }) => onProgress({ transferred, total, layersReady: 0, layers: 1 }),
    }));
    return new LayerFiles(index);
  }

  /** Forgets every open image and empties the layer cache on disk. */
  async clear(): Promise<number> {
    const store = this.layerStore();
    const size = await store.size();
    this.open.clear();
    await store.clear();
    return size;
  }

  dispose(): void {
    this.subscription.dispose();
    this.open.clear();
  }

  private remember(key: string, load: () => Promise<BrowsableFiles>): Promise<BrowsableFiles> {
    let pending = this.open.get(key);
    if (pending) {
      // Most recently used last, so the oldest goes first.
      this.open.delete(key);
      this.open.set(key, pending);
      return pending;
    }
    pending = load();
    pending.catch(() => { if (this.open.get(key) === pending) this.open.delete(key); });
    this.open.set(key, pending);
    while (this.open.size > KEEP_OPEN) this.open.delete(this.open.keys().next().value as string);
    return pending;
  }
}

/**
 * The configured registry a URI's host names (the first, when several entries share a host). A
 * layout's folder needs no entry: one found in the workspace, or not yet found after a reload, opens too.
 */
export function registryForHost(host: string): RegistryConfig {
  const registry = readRegistries().find((r) => hostOf(r.url) === host);
  const folder = layoutFolderOfHost(host);
  if (!registry && folder !== undefined) return layoutConfig(folder);
  if (!registry) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('No configured registry is at {0}: add it to open this image', host));
  return registry;
}

/** A cancellable notification counting the image's bytes as its layers download, and the layers ready. */
function withLayerProgress<T>(title: string, work: (signal: AbortSignal, onProgress: (p: LayerProgress) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    let lastUpdate = 0;
    const onProgress = (p: LayerProgress) => {
      const now = Date.now();
      if (now - lastUpdate < 100 && p.transferred !== p.total) return;
      lastUpdate = now;
      const bytes = p.total ? vscode.l10n.t('{0} of {1}', formatBytes(p.transferred), formatBytes(p.total)) : formatBytes(p.transferred);
      const message = p.layers === 1 ? bytes : vscode.l10n.t('{0} of {1} layers ready, {2}', p.layersReady, p.layers, bytes);
      progress.report({ message });
    };
    return work(abort.signal, onProgress).finally(() => subscription.dispose());
  });
}
