import * as vscode from 'vscode';
import { readRegistries } from '../registryConfig';
import { loadChildren, loadMoreInto } from './children';
import { errorNode } from './errorNodes';
import { registryKey, type LoadMoreNode, type PagedParent, type TreeNode } from './nodes';
import { toTreeItem } from './treeItems';
import type { TreeState } from './treeState';

/** Registries → repositories → tags → manifests → config/layers; fetches only what is expanded. */
export class RegistryTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Children handed out last time, so a refresh can fire the very node object VS Code holds. */
  private readonly children = new Map<string, TreeNode[]>();
  private roots: TreeNode[] | undefined;

  constructor(readonly state: TreeState) {}

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node, this.state.filters);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      const registries = readRegistries();
      this.roots = registries.map((registry) => ({ kind: 'registry', key: registryKey(registry), registry, expanded: registries.length === 1 }));
      return this.roots;
    }
    const cached = this.children.get(node.key);
    if (cached) return cached;
    const loaded = await loadChildren(this.state, node);
    this.children.set(node.key, loaded);
    return loaded;
  }

  /** Refetches `node`'s subtree, or everything. */
  refresh(node?: TreeNode): void {
    const key = node?.key;
    this.state.forget(key);
    for (const k of [...this.children.keys()]) if (key === undefined || k.startsWith(key)) this.children.delete(k);
    this.changed.fire(node);
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
    if (filter) this.state.filters.set(node.key, filter);
    else this.state.filters.delete(node.key);
    this.refresh(node);
  }

  /** The registry or repository row currently shown for a key, if any. */
  find(key: string): TreeNode | undefined {
    if (this.roots) for (const root of this.roots) if (root.key === key) return root;
    for (const list of this.children.values()) for (const n of list) if (n.key === key) return n;
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
