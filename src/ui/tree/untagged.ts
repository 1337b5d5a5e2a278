// The "Untagged manifests (N)" row under a repository: ACR lists every manifest with its tags
// (/acr/v1/{name}/_manifests, up to a thousand a page), so the ones without a tag are known without
// fetching any manifest. Registries without that listing show no such row.
import type { ManifestInfo, RegistryService, TagInfo } from '../../registry/types';
import { UnsupportedError } from '../../registry/errors';
import { collectPages, MAX_PAGE_SIZE } from '../../registry/operations/listing';
import { shortDigest, type ManifestNode, type RepositoryNode, type UntaggedNode } from './nodes';
import type { TreeState } from './treeState';

/** Enough for any repository a person browses; a longer listing is left out rather than loaded without end. */
const MAX_MANIFEST_PAGES = 20;

function manifestsOf(state: TreeState, client: RegistryService, node: RepositoryNode): Promise<ManifestInfo[]> {
  let pending = state.manifestLists.get(node.key);
  if (!pending) {
    pending = collectPages((cursor) => client.listManifests(node.repository, { pageSize: MAX_PAGE_SIZE, cursor }), `manifest list of ${node.repository}`, MAX_MANIFEST_PAGES)
      .then((listed) => listed.items);
    pending.catch(() => state.manifestLists.delete(node.key));
    state.manifestLists.set(node.key, pending);
  }
  return pending;
}

/** Every manifest of the repository, or undefined where the registry does not list them (or the listing failed, which is logged). */
export async function listedManifests(state: TreeState, client: RegistryService, node: RepositoryNode): Promise<ManifestInfo[] | undefined> {
  try {
    return await manifestsOf(state, client, node);
  } catch (error) {
    if (!(error instanceof UnsupportedError)) state.onError?.(`${node.key}#untagged`, error);
    return undefined;
  }
}

/** Tags of listed manifests get the image size the listing gave, so their rows show it without fetching the manifest. */
export function addListedSizes(tags: readonly TagInfo[], manifests: readonly ManifestInfo[]): void {
  const sizes = new Map(manifests.filter((m) => m.size !== undefined).map((m) => [m.digest, m.size as number]));
  for (const tag of tags) if (tag.digest && sizes.has(tag.digest)) tag.size = sizes.get(tag.digest);
}

/** The group row, or undefined when every manifest is tagged. */
export function untaggedGroup(node: RepositoryNode, manifests: readonly ManifestInfo[]): UntaggedNode | undefined {
  const untagged = manifests.filter((m) => !m.tags || m.tags.length === 0)
    .sort((a, b) => (b.lastUpdatedOn ?? b.createdOn ?? '').localeCompare(a.lastUpdatedOn ?? a.createdOn ?? ''));
  if (untagged.length === 0) return undefined;
  return { kind: 'untagged', key: `${node.key}#untagged`, registry: node.registry, repository: node.repository, manifests: untagged };
}

export function untaggedManifestNodes(parent: UntaggedNode): ManifestNode[] {
  return parent.manifests.map((info) => ({
    kind: 'manifest', key: `${parent.key}/${info.digest}`, registry: parent.registry, repository: parent.repository,
    // The manifest document's own size is not listed (ACR's size is the image's); 0 stands for unknown, as for a typed digest.
    descriptor: { digest: info.digest, mediaType: info.mediaType ?? '', size: 0 }, label: shortDigest(info.digest), info,
  }));
}
