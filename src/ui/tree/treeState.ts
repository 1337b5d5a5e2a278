import type { Descriptor, FetchedManifest, ManifestInfo, RegistryService, RepositoryInfo, TagInfo } from '../../registry/types';
import type { RegistryClients } from '../clients';
import { manifestReference, type BlobNode, type LayerEntryNode, type ManifestTarget, type TreeNode } from './nodes';
import type { PagedList } from './paging';
import type { ManifestDetails } from './tagDetails';
import type { TagSortMode } from './tagSort';

/**
 * Fetched state behind the tree: paged lists and manifests, each stored under the key of the row
 * that shows it, so a refresh drops exactly the rows the tree says it concerns.
 */
export class TreeState {
  readonly lists = new Map<string, PagedList<RepositoryInfo> | PagedList<TagInfo>>();
  readonly manifests = new Map<string, Promise<FetchedManifest>>();
  /** Every manifest of a repository as ACR lists it (untagged ones too), by the repository row's key. */
  readonly manifestLists = new Map<string, Promise<ManifestInfo[]>>();
  readonly filters = new Map<string, string>();
  /** How tag rows are ordered; the provider wires it to the stored choice. */
  tagSort: () => TagSortMode = () => 'newest';
  /** What is known of a row's manifest (kind, size, times); the provider wires it to its loader. */
  detailsOf: (rowKey: string) => ManifestDetails | undefined = () => undefined;
  /** The rows under a layer row or one of its directories (wired to the image filesystem, which downloads and indexes the layer once). */
  layerRows: (parent: BlobNode | LayerEntryNode, layer: Descriptor, directory: string) => Promise<TreeNode[]> =
    () => Promise.reject(new Error('layer listings are not available'));
  /** False while a row's details are still to come (they may name its digest). */
  detailsSettled: (rowKey: string) => boolean = () => true;

  /** `onError` hears every failure that becomes an error row, with the key of the row's parent. */
  constructor(readonly clients: Pick<RegistryClients, 'get'>, readonly pageSize: () => number, readonly onError?: (where: string, error: unknown) => void) {}

  /** Forgets what was fetched for the rows `concerned` picks by key, or for every row. */
  forget(concerned?: (rowKey: string) => boolean): void {
    for (const map of [this.lists, this.manifests, this.manifestLists]) {
      for (const key of [...map.keys()]) if (!concerned || concerned(key)) map.delete(key);
    }
  }

  /** The manifest a tag or manifest row shows; one request even when asked again while it loads. */
  manifest(client: RegistryService, node: ManifestTarget): Promise<FetchedManifest> {
    const key = node.key;
    let pending = this.manifests.get(key);
    if (!pending) {
      pending = client.getManifest(node.repository, manifestReference(node));
      pending.catch(() => this.manifests.delete(key));
      this.manifests.set(key, pending);
    }
    return pending;
  }
}
