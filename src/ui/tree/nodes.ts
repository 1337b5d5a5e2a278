import type { Descriptor, ManifestInfo, RepositoryInfo, TagInfo } from '../../registry/types';
import type { RegistryConfig } from '../registryConfig';
import { DOCKER_CONFIG, DOCKER_LAYER_GZIP, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_CONFIG, OCI_EMPTY, OCI_INDEX, OCI_LAYER, OCI_LAYER_GZIP, OCI_LAYER_ZSTD, OCI_MANIFEST } from '../../registry/mediaTypes';

/** Typed data behind every tree row; `getTreeItem` (treeItems.ts) is the only place that draws them. */
export type TreeNode =
  | RegistryNode
  | RepositoryNode
  | TagNode
  | ManifestNode
  | BlobNode
  | ReferrersNode
  | ReferrerTagsNode
  | UntaggedNode
  | LoadMoreNode
  | MessageNode
  | LayerEntryNode;

/** `expanded`: drawn open, as when it is the only registry. */
export interface RegistryNode { kind: 'registry'; key: string; registry: RegistryConfig; expanded?: boolean }
/** `info`: what the registry's own API says about it beyond the name (Docker Hub: description, pulls, last update; ACR: counts, times and attributes; GitHub: visibility, owner, page). */
export interface RepositoryNode { kind: 'repository'; key: string; registry: RegistryConfig; repository: string; pinned: boolean; info?: RepositoryInfo }
export interface TagNode { kind: 'tag'; key: string; registry: RegistryConfig; repository: string; tag: TagInfo }
/** A manifest reached by digest: a platform entry of an index, a referrer, or an untagged manifest (with ACR's `info`). */
export interface ManifestNode {
  kind: 'manifest'; key: string; registry: RegistryConfig; repository: string; descriptor: Descriptor; label: string; info?: ManifestInfo;
}
export interface BlobNode {
  kind: 'blob'; key: string; registry: RegistryConfig; repository: string; descriptor: Descriptor; role: 'config' | 'layer'; index: number;
}
/**
 * One entry of a layer's tar (or a directory it implies), under its layer row; drawn as the image
 * filesystem described it (label, description, hover, icon and context value), so drawing it needs
 * none of that code.
 */
export interface LayerEntryNode {
  kind: 'layerEntry'; key: string; registry: RegistryConfig; repository: string; layer: Descriptor; path: string;
  label: string; description: string; tooltip: string; icon: string; contextValue: string; openable: boolean; expandable: boolean;
}
export interface ReferrersNode { kind: 'referrers'; key: string; registry: RegistryConfig; repository: string; subject: string; referrers: Descriptor[] }
/** Referrers-tag-schema tags (`sha256-<hex>`) whose subject is not among the loaded tags, grouped out of the way. */
export interface ReferrerTagsNode { kind: 'referrerTags'; key: string; registry: RegistryConfig; repository: string; tags: TagNode[] }
/** A repository's manifests that no tag points at (listed by ACR's /acr/v1/{name}/_manifests). */
export interface UntaggedNode { kind: 'untagged'; key: string; registry: RegistryConfig; repository: string; manifests: ManifestInfo[] }
export interface LoadMoreNode { kind: 'loadMore'; key: string; parent: PagedParent; scanned: number }
export interface MessageNode {
  kind: 'message'; key: string; text: string; detail?: string; severity: 'error' | 'info';
  actions: MessageAction[];
}
export interface MessageAction { title: string; command: string; args: unknown[] }

export type PagedParent = RegistryNode | RepositoryNode;
/** Nodes whose target is a manifest: a tag resolves to one, a manifest node is one. */
export type ManifestTarget = TagNode | ManifestNode;

export function registryKey(registry: RegistryConfig): string {
  return `r:${registry.url}`;
}

/**
 * Keys extend their parent's key, which keeps them unique; what lies under a row is the tree's own
 * record of parents, since a key prefix is no parent (repositories `app` and `app-x`, tags `1` and `1.2`).
 */
export function repositoryKey(registry: RegistryConfig, repository: string): string {
  return `${registryKey(registry)}/${repository}`;
}

export function tagKey(registry: RegistryConfig, repository: string, tag: string): string {
  return `${repositoryKey(registry, repository)}:${tag}`;
}

/**
 * What a manifest row stands for: a tag or a digest, decided by the kind of node (a tag row is a
 * tag even when it reads `sha256-…`), never by how the text looks.
 */
export type ManifestRef = { kind: 'tag'; tag: string } | { kind: 'digest'; digest: string };

export function manifestRef(node: ManifestTarget): ManifestRef {
  return node.kind === 'tag' ? { kind: 'tag', tag: node.tag.name } : { kind: 'digest', digest: node.descriptor.digest };
}

/** The tag or digest as the registry API takes it. */
export function refText(ref: ManifestRef): string {
  return ref.kind === 'tag' ? ref.tag : ref.digest;
}

export function manifestReference(node: ManifestTarget): string {
  return refText(manifestRef(node));
}

export function shortDigest(digest: string, hexDigits = 12): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `${algorithm}:${hex.slice(0, hexDigits)}`;
}

const SHORT_MEDIA_TYPES: Readonly<Record<string, string>> = {
  [OCI_INDEX]: 'OCI index',
  [OCI_MANIFEST]: 'OCI manifest',
  [DOCKER_MANIFEST_LIST]: 'Docker manifest list',
  [DOCKER_MANIFEST]: 'Docker manifest',
  [OCI_CONFIG]: 'OCI config',
  [DOCKER_CONFIG]: 'Docker config',
  [OCI_LAYER]: 'tar',
  [OCI_LAYER_GZIP]: 'tar+gzip',
  [OCI_LAYER_ZSTD]: 'tar+zstd',
  [DOCKER_LAYER_GZIP]: 'tar.gzip',
  [OCI_EMPTY]: 'empty',
};

/** `application/vnd.oci.image.layer.v1.tar+gzip` → `tar+gzip`; types not listed are shown whole. */
export function shortMediaType(mediaType: string | undefined): string {
  if (!mediaType) return '';
  return SHORT_MEDIA_TYPES[mediaType] ?? mediaType;
}
