import type { Descriptor, TagInfo } from '../../registry/types';
import type { RegistryConfig } from '../registryConfig';

/** Typed data behind every tree row; `getTreeItem` (treeItems.ts) is the only place that draws them. */
export type TreeNode =
  | RegistryNode
  | RepositoryNode
  | TagNode
  | ManifestNode
  | BlobNode
  | ReferrersNode
  | LoadMoreNode
  | MessageNode;

/** `expanded`: drawn open, as when it is the only registry. */
export interface RegistryNode { kind: 'registry'; key: string; registry: RegistryConfig; expanded?: boolean }
export interface RepositoryNode { kind: 'repository'; key: string; registry: RegistryConfig; repository: string; pinned: boolean }
export interface TagNode { kind: 'tag'; key: string; registry: RegistryConfig; repository: string; tag: TagInfo }
/** A manifest reached by digest: a platform entry of an index, or a referrer. */
export interface ManifestNode {
  kind: 'manifest'; key: string; registry: RegistryConfig; repository: string; descriptor: Descriptor; label: string;
}
export interface BlobNode {
  kind: 'blob'; key: string; registry: RegistryConfig; repository: string; descriptor: Descriptor; role: 'config' | 'layer'; index: number;
}
export interface ReferrersNode { kind: 'referrers'; key: string; registry: RegistryConfig; repository: string; subject: string; referrers: Descriptor[] }
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

export function manifestReference(node: ManifestTarget): string {
  return node.kind === 'tag' ? node.tag.name : node.descriptor.digest;
}

export function shortDigest(digest: string): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `${algorithm}:${hex.slice(0, 12)}`;
}

export function formatBytes(size: number | undefined): string {
  if (size === undefined || !Number.isFinite(size)) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = size;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** `application/vnd.oci.image.layer.v1.tar+gzip` → `oci layer tar+gzip` style short names. */
export function shortMediaType(mediaType: string | undefined): string {
  if (!mediaType) return '';
  const known: Record<string, string> = {
    'application/vnd.oci.image.index.v1+json': 'OCI index',
    'application/vnd.oci.image.manifest.v1+json': 'OCI manifest',
    'application/vnd.docker.distribution.manifest.list.v2+json': 'Docker manifest list',
    'application/vnd.docker.distribution.manifest.v2+json': 'Docker manifest',
    'application/vnd.oci.image.config.v1+json': 'OCI config',
    'application/vnd.docker.container.image.v1+json': 'Docker config',
    'application/vnd.oci.image.layer.v1.tar': 'tar',
    'application/vnd.oci.image.layer.v1.tar+gzip': 'tar+gzip',
    'application/vnd.oci.image.layer.v1.tar+zstd': 'tar+zstd',
    'application/vnd.docker.image.rootfs.diff.tar.gzip': 'tar.gzip',
    'application/vnd.oci.empty.v1+json': 'empty',
  };
  return known[mediaType] ?? mediaType;
}
