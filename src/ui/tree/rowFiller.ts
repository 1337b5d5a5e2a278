// Tag and manifest rows are drawn at once from what the listing gave, then filled in as their
// manifests arrive (DetailsLoader: a few at a time, remembered by digest). Redraws are batched.
import * as vscode from 'vscode';
import { describeFailure } from '../commands/registerLogged';
import { untrustedMarkdown } from '../untrustedMarkdown';
import { UnsupportedError } from '../../registry/errors';
import { DetailsLoader, type TagDetailsMode } from './detailsLoader';
import { type ManifestTarget, type RepositoryNode, type TreeNode } from './nodes';
import { RepositoryDetailsLoader } from './repositoryDetails';
import { ancestorKeys } from './rowQueue';
import { detailsTooltip, type Clock } from './rowText';
import type { ManifestDetails } from './tagDetails';
import { compareVersionsNewestFirst } from './tagSort';
import { tooltipMarkdown } from './tooltips';
import type { RowFacts } from './treeItems';
import type { TreeState } from './treeState';

/** Filled rows are redrawn together after this long, not one event per row. */
const REDRAW_BATCH_MS = 50;
const MODES: readonly TagDetailsMode[] = ['visible', 'onHover', 'off'];

/** What the filler needs from the tree provider. */
export interface RowHost {
  children(parentKey: string): TreeNode[] | undefined;
  parentOf(key: string): TreeNode | undefined;
  redraw(nodes: TreeNode[]): void;
  /** Orders a repository's tags again now that their times are known. */
  relayout(repository: TreeNode): void;
  log?: (message: string) => void;
  debug?: (message: string) => void;
}

function clock(): Clock {
  return { now: Date.now(), locale: vscode.env.language };
}

export function tagDetailsMode(): TagDetailsMode {
  const value = vscode.workspace.getConfiguration('registryExplorer').get<string>('tagDetails', 'visible');
  return (MODES as readonly string[]).includes(value) ? (value as TagDetailsMode) : 'visible';
}

export class RowFiller implements vscode.Disposable {
  readonly loader: DetailsLoader;
  /** ACR's counts, times and locks of repository rows, fetched after the catalog page is shown. */
  readonly repositories: RepositoryDetailsLoader;
  /** Registries that turned out not to be ACR: their repository rows are not asked about again. */
  private readonly withoutRepositoryDetails = new Set<string>();
  private readonly filled = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly state: TreeState, private readonly host: RowHost) {
    this.loader = new DetailsLoader(
      (key) => this.rowFilled(key),
      (key, error) => {
        host.log?.(`details of ${key} not shown: ${describeFailure(error)}`);
        // The row stays plain, but its repository may now be laid out in full.
        this.rowFilled(key);
      },
    );
    this.repositories = new RepositoryDetailsLoader(
      (key) => this.rowFilled(key),
      (key, error) => {
        if (!(error instanceof UnsupportedError)) host.debug?.(`details of ${key} not shown: ${describeFailure(error)}`);
      },
    );
    state.detailsOf = (key) => this.loader.details(key);
    state.detailsSettled = (key) => tagDetailsMode() !== 'visible' || this.loader.settled(key);
  }

  facts(): RowFacts {
    return { details: (key) => this.loader.details(key), repositoryInfo: (key) => this.repositories.info(key), sameManifest: (key) => this.sameManifest(key), clock: clock() };
  }

  /** Starts filling the tag and manifest rows among `nodes` when details are shown for every listed row. */
  fill(nodes: readonly TreeNode[]): void {
    for (const node of nodes) if (node.kind === 'repository') void this.requestRepository(node);
    if (tagDetailsMode() !== 'visible') return;
    for (const node of nodes) if (node.kind === 'tag' || node.kind === 'manifest') void this.request(node, false);
  }

  /** The full hover: fetches the row's details first (before queued rows) unless details are off. */
  async tooltip(node: ManifestTarget): Promise<vscode.MarkdownString> {
    const mode = tagDetailsMode();
    const details = mode === 'off' ? this.loader.details(node.key) : await this.request(node, true);
    const missing = mode === 'off'
      ? vscode.l10n.t('not loaded: the setting registryExplorer.tagDetails is off')
      : vscode.l10n.t('could not be read (see the Registry Explorer log)');
    if (node.kind === 'tag') {
      return untrustedMarkdown(detailsTooltip(`${node.repository}:${node.tag.name}`, node.tag, details, this.sameManifest(node.key), clock(), missing));
    }
    const parts = [tooltipMarkdown(node) ?? '', details ? detailsTooltip(vscode.l10n.t('The manifest\'s content'), undefined, details, [], clock()) : ''];
    return untrustedMarkdown(parts.filter(Boolean).join('\n\n'));
  }

  /** Stops queued work of a collapsed row and the rows under it; what is known stays. */
  cancelQueued(rowKey: string): void {
    this.loader.cancelQueued(rowKey);
    this.repositories.cancelQueued(rowKey);
  }

  /** Drops what is known of a refreshed row and the rows under it, or of every row. */
  forget(rowKey?: string): void {
    this.loader.forget(rowKey);
    this.repositories.forget(rowKey);
    if (rowKey === undefined) this.withoutRepositoryDetails.clear();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.loader.forget();
    this.repositories.forget();
  }

  /** Queues ACR's details of a listed repository row; rows added by name and other registries' rows stay as listed. */
  private async requestRepository(node: RepositoryNode): Promise<void> {
    if (node.pinned || node.info || node.registry.source || this.withoutRepositoryDetails.has(node.registry.url)) return;
    let client;
    try {
      client = await this.state.clients.get(node.registry);
    } catch {
      return;
    }
    const getRepositoryInfo = client.getRepositoryInfo?.bind(client);
    if (!getRepositoryInfo) return;
    this.repositories.request({
      key: node.key,
      ancestors: ancestorKeys(node.key, this.host.parentOf),
      fetch: async (signal) => {
        try {
          return await getRepositoryInfo(node.repository, { signal });
        } catch (error) {
          // Not ACR: the rest of this registry's rows are not queued for nothing.
          if (error instanceof UnsupportedError) this.withoutRepositoryDetails.add(node.registry.url);
          throw error;
        }
      },
    });
  }

  private async request(node: ManifestTarget, urgent: boolean): Promise<ManifestDetails | undefined> {
    let client;
    try {
      client = await this.state.clients.get(node.registry);
    } catch {
      // The row's own expansion shows why (sign-in, settings); the description simply stays plain.
      return undefined;
    }
    const listingHasTime = node.kind === 'tag' && !!(node.tag.lastUpdatedOn ?? node.tag.createdOn);
    return this.loader.request({
      key: node.key,
      ancestors: ancestorKeys(node.key, this.host.parentOf),
      scope: `${node.registry.url} ${node.repository}`,
      client,
      repository: node.repository,
      manifest: () => this.state.manifest(client, node),
      wantsConfigTime: node.kind === 'tag' && !listingHasTime,
    }, urgent);
  }

  private digestOf(node: TreeNode): string | undefined {
    return node.kind === 'tag' ? this.loader.details(node.key)?.digest ?? node.tag.digest : undefined;
  }

  /** Other loaded tags of the same repository that point at this tag's manifest, newest version first. */
  private sameManifest(key: string): string[] {
    const parent = this.host.parentOf(key);
    const siblings = parent ? this.host.children(parent.key) ?? [] : [];
    const own = siblings.find((n) => n.key === key);
    const digest = own && this.digestOf(own);
    if (!digest) return [];
    return siblings
      .filter((n) => n.key !== key && n.kind === 'tag' && this.digestOf(n) === digest)
      .map((n) => (n.kind === 'tag' ? n.tag.name : ''))
      .sort(compareVersionsNewestFirst);
  }

  private rowFilled(key: string): void {
    this.filled.add(key);
    this.timer ??= setTimeout(() => this.flush(), REDRAW_BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const redraw = new Map<string, TreeNode>();
    const repositories = new Map<string, TreeNode>();
    for (const key of this.filled) {
      const parent = this.host.parentOf(key);
      const siblings = parent ? this.host.children(parent.key) ?? [] : [];
      const node = siblings.find((n) => n.key === key);
      if (!parent || !node) continue;
      redraw.set(key, node);
      if (node.kind !== 'tag') continue;
      // Tags that share the manifest gain their "= other tag" mark too.
      const digest = this.digestOf(node);
      for (const sibling of siblings) if (sibling.kind === 'tag' && sibling.key !== key && this.digestOf(sibling) === digest) redraw.set(sibling.key, sibling);
      if (parent.kind === 'repository') repositories.set(parent.key, parent);
    }
    this.filled.clear();
    if (redraw.size > 0) this.host.redraw([...redraw.values()]);
    // Reordering rows under a hovering pointer would be rude: only when every listed row is filled in.
    if (tagDetailsMode() !== 'visible') return;
    for (const repository of repositories.values()) if (!this.loader.busyUnder(repository.key)) this.host.relayout(repository);
  }
}
