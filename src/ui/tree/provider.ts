import * as vscode from 'vscode';
import { readRegistries, type RegistryConfig } from '../registryConfig';
import { loadChildren, loadMoreInto } from './children';
import { errorNode } from './errorNodes';
import { registryKey, type LoadMoreNode, type PagedParent, type TreeNode } from './nodes';
import { RowFiller } from './rowFiller';
import { ancestorKeys, concerns } from './rowQueue';
import { toTreeItem } from './treeItems';
import type { TreeState } from './treeState';

/** Registries → repositories → tags → manifests → config/layers; fetches only what is expanded. */
export class RegistryTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Children handed out last time, so a refresh can fire the very node object VS Code holds. */
  private readonly children = new Map<string, TreeNode[]>();
  /** The parent each handed-out node was listed under, for `getParent` (and so `reveal`). */
  private readonly parents = new Map<string, TreeNode>();
  private roots: TreeNode[] | undefined;
  /** The rows whose filter is set, as they were when it was set. */
  private readonly filtered = new Map<string, PagedParent>();
  /** Fills tag and manifest rows in with kind, size and time after they are drawn. */
  readonly rows: RowFiller;

  /** The registries shown at the top: the configured ones, and whatever else `options.roots` adds. */
  private readonly rootRegistries: () => RegistryConfig[];

  constructor(readonly state: TreeState, options: { log?: (message: string) => void; debug?: (message: string) => void; roots?: () => RegistryConfig[] } = {}) {
    this.rootRegistries = options.roots ?? readRegistries;
    this.rows = new RowFiller(state, {
      children: (key) => this.children.get(key),
      parentOf: (key) => this.parents.get(key),
      redraw: (nodes) => this.changed.fire(nodes),
      relayout: (parent) => void this.relayout(parent),
      log: options.log,
      debug: options.debug,
    });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node, this.state.filters, this.rows.facts());
  }

  /** The full hover of tag and manifest rows, fetching their manifest first unless details are off. */
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind === 'tag' || node.kind === 'manifest') {
      const tooltip = await this.rows.tooltip(node);
      if (!token.isCancellationRequested) item.tooltip = tooltip;
    }
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      const registries = this.rootRegistries();
      this.roots = registries.map((registry) => ({ kind: 'registry', key: registryKey(registry), registry, expanded: registries.length === 1 }));
      return this.roots;
    }
    let children = this.children.get(node.key);
    if (!children) {
      children = await loadChildren(this.state, node);
      this.remember(node, children);
    }
    // Also for cached children: a row collapsed before its details arrived is filled in when opened again.
    this.rows.fill(children);
    return children;
  }

  /** The row a node was listed under (so `TreeView.reveal` can open the way to it); undefined for registries. */
  getParent(node: TreeNode): TreeNode | undefined {
    const parent = this.parents.get(node.key);
    // A tag list laid out again holds new node objects; VS Code knows rows by the objects it was given last.
    return parent && (this.find(parent.key) ?? parent);
  }

  /** Refetches `node`'s subtree, or everything. */
  refresh(node?: TreeNode): void {
    this.drop(node?.key);
    this.changed.fire(node);
    // Its own details were dropped too: a repository row asks for fresh ones (after a lock, a push).
    if (node?.kind === 'repository') this.rows.fill([node]);
  }

  /** Pages again with the current page size: lists are dropped, the rows that showed them refetch. */
  refreshPagedLists(): void {
    const parents = [...this.state.lists.keys()].map((key) => this.find(key)).filter((n): n is TreeNode => n !== undefined);
    if (parents.length === 0) return;
    for (const parent of parents) this.drop(parent.key);
    this.changed.fire(parents);
    this.rows.fill(parents);
  }

  /** Appends the next page under a paged parent without refetching what is shown. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    try {
      await loadMoreInto(this.state, node.parent);
    } catch (error) {
      this.children.set(node.parent.key, [...(this.children.get(node.parent.key) ?? []).filter((n) => n.kind !== 'loadMore'), errorNode(error, node.parent)]);
      this.changed.fire(node.parent);
      return;
    }
    this.children.delete(node.parent.key);
    this.changed.fire(node.parent);
  }

  setFilter(node: PagedParent, filter: string | undefined): void {
    if (filter) {
      this.state.filters.set(node.key, filter);
      this.filtered.set(node.key, node);
    } else {
      this.state.filters.delete(node.key);
      this.filtered.delete(node.key);
    }
    void vscode.commands.executeCommand('setContext', 'registryExplorer.hasFilter', this.state.filters.size > 0);
    this.refresh(node);
  }

  /** Registry and repository rows with a filter set. */
  filteredRows(): PagedParent[] {
    return [...this.filtered.values()];
  }

  /** Details were turned on or off: what is known is dropped and every row is drawn again. */
  redrawRows(): void {
    this.rows.forget();
    this.changed.fire(undefined);
  }

  /** Draws loaded tag lists again in the current order (after the sort changed); nothing is refetched. */
  reorderTags(): void {
    for (const [key, nodes] of this.children) {
      const parent = this.find(key);
      if (parent?.kind === 'repository' && nodes.some((n) => n.kind === 'tag')) void this.relayout(parent);
    }
  }

  /** The row currently shown for a key, if any. */
  find(key: string): TreeNode | undefined {
    if (this.roots) for (const root of this.roots) if (root.key === key) return root;
    for (const list of this.children.values()) for (const n of list) if (n.key === key) return n;
    return undefined;
  }

  dispose(): void {
    this.rows.dispose();
    this.changed.dispose();
  }

  /**
   * Drops what is fetched and known of a row and the rows listed under it (by the tree's own record
   * of parents: a key prefix would also catch repository `app-x` under `app`), or of every row.
   */
  private drop(rowKey?: string): void {
    const concerned = (key: string): boolean => rowKey === undefined || concerns(rowKey, { key, ancestors: ancestorKeys(key, (k) => this.parents.get(k)) });
    this.state.forget(concerned);
    this.rows.forget(rowKey);
    for (const key of [...this.children.keys()]) if (concerned(key)) this.children.delete(key);
  }

  private remember(parent: TreeNode, nodes: TreeNode[]): void {
    this.children.set(parent.key, nodes);
    for (const n of nodes) this.parents.set(n.key, parent);
  }

  /** Lays a repository's loaded tags out again (order, referrers-schema tags) from what is known; redraws when it changed. */
  private async relayout(parent: TreeNode): Promise<void> {
    const before = this.children.get(parent.key);
    if (!before || parent.kind !== 'repository') return;
    const after = await loadChildren(this.state, parent);
    if (this.children.get(parent.key) !== before) return;
    if (layoutOf(before) === layoutOf(after)) return;
    this.remember(parent, after);
    this.changed.fire(parent);
  }
}

/** Which rows show in which order, including the tags inside a group row. */
function layoutOf(nodes: readonly TreeNode[]): string {
  return JSON.stringify(nodes.map((n) => (n.kind === 'referrerTags' ? [n.key, ...n.tags.map((t) => t.key)] : n.key)));
}
