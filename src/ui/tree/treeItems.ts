import * as vscode from 'vscode';
import { displayName, isLayout } from '../registryConfig';
import { layoutItem, layoutSuffix } from '../layouts/layoutRows';
import { formatBytes } from '../../registry/byteSize';
import { shortDigest, shortMediaType, type TreeNode } from './nodes';
import { OCI_EMPTY } from '../../registry/mediaTypes';
import { untrustedMarkdown } from '../untrustedMarkdown';
import { tooltipMarkdown } from './tooltips';
import { messageContextValue } from '../commands/rowActions';
import { githubPackagePage, webPageOf, type WebPage } from '../browserPages';
import { describeArtifactType } from '../../registry/artifactKinds';
import { manifestDescription, repositoryDescription, repositoryTooltip, tagDescription, type Clock } from './rowText';
import type { ManifestDetails } from './tagDetails';
import type { RepositoryInfo } from '../../registry/types';
import { acrRepositoryDescription, acrRepositoryTooltip, isAcrInfo, lockContext, lockState as attributeLock, untaggedDescription } from './acrText';
import { isTarLayer } from '../imagefs/tarLayer';

const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
const None = vscode.TreeItemCollapsibleState.None;

/** What a row may say beyond its node: filled-in details and the tags that share its manifest. */
export interface RowFacts {
  details(rowKey: string): ManifestDetails | undefined;
  /** What ACR told about a repository row once its details arrived. */
  repositoryInfo(rowKey: string): RepositoryInfo | undefined;
  /** Other loaded tags of the repository whose manifest is this tag's. */
  sameManifest(rowKey: string): string[];
  clock: Clock;
}

const NO_FACTS: RowFacts = { details: () => undefined, repositoryInfo: () => undefined, sameManifest: () => [], clock: { now: 0, locale: 'en' } };

/**
 * The one place where node data becomes a drawn row. `filters` annotates filtered parents. Tag and
 * manifest rows leave their tooltip to `resolveTreeItem`, which builds the full hover when asked.
 */
export function toTreeItem(node: TreeNode, filters: ReadonlyMap<string, string>, facts: RowFacts = NO_FACTS): vscode.TreeItem {
  switch (node.kind) {
    case 'registry': {
      if (isLayout(node.registry)) return finish(layoutItem(node.registry, node.expanded, filters.get(node.key)), node.key);
      const item = new vscode.TreeItem(displayName(node.registry), node.expanded ? vscode.TreeItemCollapsibleState.Expanded : Collapsed);
      item.iconPath = new vscode.ThemeIcon('server');
      item.description = withFilter(node.registry.url, filters.get(node.key));
      item.tooltip = tooltipOf(node);
      // `registry.dockerHub…` rows get the source's own commands (Add Namespace…); `registry.azure…`
      // rows (Entra sign-in) Log in to Docker.
      const kind = node.registry.source ? `registry.${node.registry.source}` : node.registry.auth === 'azure' ? 'registry.azure' : 'registry';
      item.contextValue = withWebPage(kind, webPageOf(node.registry.url));
      return finish(item, node.key);
    }
    case 'repository': {
      const item = new vscode.TreeItem(node.repository, Collapsed);
      const info = node.info ?? facts.repositoryInfo(node.key);
      item.iconPath = new vscode.ThemeIcon(attributeLock(info?.attributes) === 'locked' ? 'lock' : 'repo');
      const acrInfo = isAcrInfo(info) ? info : undefined;
      const description = acrInfo ? acrRepositoryDescription(acrInfo, clockOf(facts)) : repositoryDescription(info, clockOf(facts));
      item.description = withFilter(node.pinned ? 'added by name' : description, filters.get(node.key));
      if (info) item.tooltip = untrustedMarkdown(acrInfo ? acrRepositoryTooltip(acrInfo) : repositoryTooltip(node.repository, info));
      // `.acr` marks rows ACR told about (Delete Repository), then the lock state (Lock / Unlock).
      const acr = acrInfo ? `.acr${lockContext(acrInfo.attributes)}` : '';
      const page = githubPackagePage(node.info?.webUrl, node.registry.githubApiUrl) ?? webPageOf(node.registry.url, node.repository);
      item.contextValue = withWebPage(`${node.pinned ? 'repository.pinned' : 'repository'}${acr}`, page);
      return finish(item, node.key);
    }
    case 'tag': {
      const item = new vscode.TreeItem(node.tag.name, Collapsed);
      const sameAs = facts.sameManifest(node.key);
      item.iconPath = new vscode.ThemeIcon('tag');
      const described = tagDescription(node.tag, facts.details(node.key), sameAs, clockOf(facts));
      item.description = lockState(node) === 'locked' ? [described, vscode.l10n.t('locked')].filter(Boolean).join(' · ') : described;
      if (lockState(node) === 'locked') item.iconPath = new vscode.ThemeIcon('lock');
      item.contextValue = `tag${lockContext(node.tag.attributes)}${layoutSuffix(node.registry)}${artifactSuffix(facts.details(node.key))}`;
      return finish(item, node.key);
    }
    case 'manifest': {
      const item = new vscode.TreeItem(node.label, Collapsed);
      const isIndex = /index|list/.test(node.descriptor.mediaType);
      item.iconPath = new vscode.ThemeIcon(isIndex ? 'layers' : 'package');
      const fallbackKind = describeArtifactType(node.descriptor.artifactType) ?? shortMediaType(node.descriptor.mediaType);
      item.description = node.info
        ? untaggedDescription(node.info, clockOf(facts))
        : manifestDescription(node.label, node.descriptor.digest, facts.details(node.key), fallbackKind);
      item.contextValue = `manifest${lockContext(node.info?.attributes)}${layoutSuffix(node.registry)}${artifactSuffix(facts.details(node.key), node.descriptor.artifactType)}`;
      return finish(item, node.key);
    }
    case 'blob': {
      const label = node.role === 'config' ? vscode.l10n.t('config') : vscode.l10n.t('layer {0}', node.index + 1);
      const empty = node.descriptor.mediaType === OCI_EMPTY;
      // A tar layer opens to its entries (downloaded and indexed on first expand).
      const item = new vscode.TreeItem(label, node.role === 'layer' && isTarLayer(node.descriptor.mediaType) ? Collapsed : None);
      item.iconPath = new vscode.ThemeIcon(node.role === 'config' ? 'settings-gear' : 'file-binary');
      // Artifacts carry the empty config: say so rather than show a 2-byte blob as if it mattered.
      item.description = empty ? vscode.l10n.t('empty (artifact)') : [formatBytes(node.descriptor.size), shortDigest(node.descriptor.digest), shortMediaType(node.descriptor.mediaType)].join(' · ');
      item.tooltip = tooltipOf(node);
      item.contextValue = node.role === 'config' ? 'blob.config' : 'blob.layer';
      return finish(item, node.key);
    }
    case 'referrers': {
      const item = new vscode.TreeItem(vscode.l10n.t('Referrers ({0})', node.referrers.length), Collapsed);
      item.iconPath = new vscode.ThemeIcon('references');
      item.contextValue = 'referrers';
      return finish(item, node.key);
    }
    case 'referrerTags': {
      const item = new vscode.TreeItem(vscode.l10n.t('Other references ({0})', node.tags.length), Collapsed);
      item.iconPath = new vscode.ThemeIcon('references');
      item.tooltip = vscode.l10n.t('Referrers tags (sha256-…) whose subject is not a loaded tag');
      item.contextValue = 'referrerTags';
      return finish(item, node.key);
    }
    case 'untagged': {
      const item = new vscode.TreeItem(vscode.l10n.t('Untagged manifests ({0})', node.manifests.length), Collapsed);
      item.iconPath = new vscode.ThemeIcon('archive');
      item.tooltip = vscode.l10n.t('Manifests of {0} that no tag points at: they still take space until deleted', node.repository);
      item.contextValue = 'untagged';
      return finish(item, node.key);
    }
    case 'loadMore': {
      const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.description = node.scanned > 0 ? vscode.l10n.t('{0} scanned', node.scanned) : undefined;
      item.command = { title: vscode.l10n.t('Load more'), command: 'registryExplorer.loadMore', arguments: [node] };
      item.contextValue = 'loadMore';
      return finish(item, node.key);
    }
    case 'layerEntry': {
      const item = new vscode.TreeItem(node.label, node.expandable ? Collapsed : None);
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.contextValue = node.contextValue;
      if (node.openable) item.command = { title: vscode.l10n.t('Open'), command: 'registryExplorer.openLayerFile', arguments: [node] };
      return finish(item, node.key);
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text, None);
      item.iconPath = new vscode.ThemeIcon(node.severity === 'error' ? 'error' : 'info');
      item.tooltip = node.detail ?? node.text;
      // The actions are buttons on the row (rowActions.ts); clicking the row runs the first one.
      const first = node.actions[0];
      if (first) item.command = { title: first.title, command: first.command, arguments: first.args };
      item.contextValue = messageContextValue(node);
      return finish(item, node.key);
    }
  }
}

function clockOf(facts: RowFacts): Clock {
  return facts.clock.now ? facts.clock : { ...facts.clock, now: Date.now() };
}

/** Locked or not, where the registry said (ACR); rows without attributes stay unknown. */
function lockState(node: TreeNode): 'locked' | 'unlocked' | undefined {
  const attributes = node.kind === 'tag' ? node.tag.attributes : node.kind === 'manifest' ? node.info?.attributes : undefined;
  return attributeLock(attributes);
}

/** `.web` marks rows with a web page, for Open in Browser's `when` clause. */
/**
 * `.artifact` for a row known to hold an artifact (a signature, an SBOM…): by its loaded details, or
 * by the artifactType a referrers list gives; the commands that read an image's files leave it out.
 */
function artifactSuffix(details: ManifestDetails | undefined, artifactType?: string): string {
  return details?.kind.kind === 'artifact' || (details === undefined && artifactType) ? '.artifact' : '';
}

function withWebPage(contextValue: string, page: WebPage | undefined): string {
  return page ? `${contextValue}.web` : contextValue;
}

function finish(item: vscode.TreeItem, key: string): vscode.TreeItem {
  item.id = key;
  return item;
}

function withFilter(text: string | undefined, filter: string | undefined): string | undefined {
  if (!filter) return text;
  return [text, `filter: ${filter}`].filter(Boolean).join(' · ');
}

function tooltipOf(node: TreeNode): vscode.MarkdownString | undefined {
  const source = tooltipMarkdown(node);
  return source === undefined ? undefined : untrustedMarkdown(source);
}
