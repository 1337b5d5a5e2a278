import * as l10n from '@vscode/l10n';
import type { Descriptor, RegistryService, RepositoryInfo, TagInfo } from '../../registry/types';
import { isImageIndex, platformLabel } from '../../registry/manifest';
import { errorNode } from './errorNodes';
import { isTarLayer } from '../imagefs/tarLayer';
import {
  repositoryKey, shortDigest, tagKey, type BlobNode, type ManifestNode, type ManifestTarget, type PagedParent, type ReferrersNode,
  type RegistryNode, type RepositoryNode, type TagNode, type TreeNode,
} from './nodes';
import { hiddenNamesText, PagedList } from './paging';
import { describeArtifactType } from '../../registry/artifactKinds';
import { referrerTagGroups } from './referrerTags';
import { chooseCreated } from './tagDetails';
import { sortTagNames, timeValue } from './tagSort';
import type { TreeState } from './treeState';
import { addListedSizes, listedManifests, untaggedGroup, untaggedManifestNodes } from './untagged';

/** Pages scanned per expand or "Load more" click when a filter hides most results. */
const MAX_PAGES_PER_CLICK = 10;

export async function loadChildren(state: TreeState, node: TreeNode): Promise<TreeNode[]> {
  try {
    switch (node.kind) {
      case 'registry':
      case 'repository':
        return await pagedChildren(state, node);
      case 'tag':
      case 'manifest':
        return await manifestChildren(state, node);
      case 'referrers':
        return node.referrers.map((d, i) => manifestNode(node, d, describeArtifactType(d.artifactType) ?? shortDigest(d.digest), `ref${i}`));
      case 'referrerTags':
        return node.tags;
      case 'untagged':
        return untaggedManifestNodes(node);
      case 'blob':
        return node.role === 'layer' && isTarLayer(node.descriptor.mediaType) ? await state.layerRows(node, node.descriptor, '') : [];
      case 'layerEntry':
        return await state.layerRows(node, node.layer, node.path);
      default:
        return [];
    }
  } catch (error) {
    state.onError?.(node.key, error);
    return [errorNode(error, node)];
  }
}

async function pagedChildren(state: TreeState, node: PagedParent): Promise<TreeNode[]> {
  const client = await state.clients.get(node.registry);
  const list = listFor(state, client, node);
  const pinned = node.kind === 'registry' ? node.registry.repositories ?? [] : [];
  // ACR lists a repository's manifests (sizes, untagged ones) beside its tags: asked at the same time.
  const manifests = node.kind === 'repository' ? listedManifests(state, client, node) : undefined;
  let failure: unknown;
  if (list.items.length === 0 && !list.done) {
    try {
      await list.loadMore(state.pageSize(), MAX_PAGES_PER_CLICK);
    } catch (error) {
      // Repositories added by name still show when the catalog is refused.
      if (pinned.length === 0) throw error;
      failure = error;
    }
  }
  const children: TreeNode[] = [];
  if (node.kind === 'registry') {
    for (const name of pinned) children.push(repositoryNode(node, name, true));
    for (const repo of list.visible() as RepositoryInfo[]) {
      if (!pinned.includes(repo.name)) children.push(repositoryNode(node, repo.name, false, repo));
    }
  } else {
    const tags = list.visible() as TagInfo[];
    const listed = await manifests;
    if (listed) addListedSizes(tags, listed);
    children.push(...tagRows(state, node, tags));
    const untagged = listed && untaggedGroup(node, listed);
    if (untagged) children.push(untagged);
  }
  const hidden = hiddenNamesText(list.dropped, node.kind === 'registry' ? 'repository' : 'tag');
  if (hidden) {
    children.push({
      kind: 'message', key: `${node.key}#invalid`, severity: 'info', actions: [], text: hidden,
      detail: l10n.t('The registry listed names that break the OCI name or tag rules; they are not shown.'),
    });
  }
  if (failure) {
    state.onError?.(node.key, failure);
    children.push(errorNode(failure, node));
  }
  else if (!list.done) children.push({ kind: 'loadMore', key: `${node.key}#more`, parent: node, scanned: list.scanned });
  if (children.length === 0) {
    const filter = state.filters.get(node.key);
    children.push({
      kind: 'message', key: `${node.key}#empty`, severity: 'info', actions: [],
      text: filter ? l10n.t('Nothing matches "{0}"', filter) : node.kind === 'registry' ? l10n.t('No repositories') : l10n.t('No tags'),
    });
  }
  return children;
}

/**
 * Tags newest first (or by version), without the referrers-tag-schema tags: those show under their
 * subject, and the ones whose subject is not among the loaded tags are grouped in one row.
 */
function tagRows(state: TreeState, parent: RepositoryNode, tags: TagInfo[]): TreeNode[] {
  const nodes = tags.map((tag): TagNode => ({ kind: 'tag', key: tagKey(parent.registry, parent.repository, tag.name), registry: parent.registry, repository: parent.repository, tag }));
  const { ordinary, unmatched } = referrerTagGroups(nodes, (n) => n.tag.digest ?? state.detailsOf(n.key)?.digest);
  const rows: TreeNode[] = sortTagNames(ordinary, (n) => n.tag.name, state.tagSort(), (n) => timeValue(chooseCreated(n.tag, state.detailsOf(n.key))?.time));
  // Shown once the listed tags' digests are in, so the row does not appear only to vanish when one turns out to be the subject.
  const digestsSettled = ordinary.every((n) => n.tag.digest !== undefined || state.detailsSettled(n.key));
  if (unmatched.length > 0 && digestsSettled) {
    rows.push({ kind: 'referrerTags', key: `${parent.key}#referrer-tags`, registry: parent.registry, repository: parent.repository, tags: unmatched });
  }
  return rows;
}

/** The paged list behind a registry or repository, created on first expand. */
export function listFor(state: TreeState, client: RegistryService, node: PagedParent): PagedList<RepositoryInfo> | PagedList<TagInfo> {
  let list = state.lists.get(node.key);
  if (!list) {
    const filter = state.filters.get(node.key);
    list = node.kind === 'registry'
      // Only a /v2 catalog is sorted by name; a source's own listing (Docker Hub: namespace by namespace) is not.
      ? new PagedList<RepositoryInfo>((req) => client.listRepositories({ pageSize: state.pageSize(), ...req }), (r) => r.name, filter, !node.registry.source)
      // Newest first: where the registry can order tags by time (ACR), the first pages hold the newest.
      : new PagedList<TagInfo>((req) => client.listTags(node.repository, { pageSize: state.pageSize(), ...(state.tagSort() === 'newest' ? { orderBy: 'timedesc' as const } : {}), ...req }), (t) => t.name, filter, false);
    state.lists.set(node.key, list);
  }
  return list;
}

export async function loadMoreInto(state: TreeState, parent: PagedParent): Promise<void> {
  const client = await state.clients.get(parent.registry);
  await listFor(state, client, parent).loadMore(state.pageSize(), MAX_PAGES_PER_CLICK);
}

async function manifestChildren(state: TreeState, node: ManifestTarget): Promise<TreeNode[]> {
  const client = await state.clients.get(node.registry);
  const fetched = await state.manifest(client, node);
  const children: TreeNode[] = [];
  if (isImageIndex(fetched.manifest)) {
    fetched.manifest.manifests.forEach((d, i) => {
      children.push(manifestNode(node, d, d.platform ? platformLabel(d.platform) : describeArtifactType(d.artifactType) ?? shortDigest(d.digest), `m${i}`));
    });
  } else {
    const image = fetched.manifest;
    children.push(blobNode(node, image.config, 'config', 0));
    image.layers.forEach((d, i) => children.push(blobNode(node, d, 'layer', i)));
  }
  const referrers = await client.listReferrers(node.repository, fetched.digest).catch(() => [] as Descriptor[]);
  if (referrers.length > 0) {
    children.push({ kind: 'referrers', key: `${node.key}/referrers`, registry: node.registry, repository: node.repository, subject: fetched.digest, referrers } satisfies ReferrersNode);
  }
  return children;
}

function repositoryNode(parent: RegistryNode, repository: string, pinned: boolean, info?: RepositoryInfo): RepositoryNode {
  const node: RepositoryNode = { kind: 'repository', key: repositoryKey(parent.registry, repository), registry: parent.registry, repository, pinned };
  return info && Object.keys(info).length > 1 ? { ...node, info } : node;
}

function manifestNode(parent: ManifestTarget | ReferrersNode, descriptor: Descriptor, label: string, suffix: string): ManifestNode {
  return { kind: 'manifest', key: `${parent.key}/${suffix}`, registry: parent.registry, repository: parent.repository, descriptor, label };
}

function blobNode(parent: ManifestTarget, descriptor: Descriptor, role: BlobNode['role'], index: number): BlobNode {
  return { kind: 'blob', key: `${parent.key}/${role}${index}`, registry: parent.registry, repository: parent.repository, descriptor, role, index };
}
