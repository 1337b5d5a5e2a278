import * as vscode from 'vscode';
import type { RegistryService } from '../registry/types';
import type { RegistryConfig } from './registryConfig';
import type { Services } from './services';
import type { TreeNode } from './tree/nodes';

/** What `activate` returns: a small API for other extensions and for tests. */
export interface RegistryExplorerApi {
  readonly version: 1;
  /** The registry service for a configured registry (same auth and settings as the tree). */
  clientFor(registry: RegistryConfig): Promise<RegistryService>;
  /** Children as the tree shows them; undefined = the registries. */
  children(node?: TreeNode): Promise<TreeNode[]>;
  refresh(node?: TreeNode): void;
  /** The row as drawn now (label, description, context value). */
  treeItem(node: TreeNode): vscode.TreeItem;
  /** The row with its hover resolved, as when the pointer rests on it. */
  resolveTreeItem(node: TreeNode): Promise<vscode.TreeItem>;
  /** The row `node` is listed under; undefined for a registry. */
  parent(node: TreeNode): TreeNode | undefined;
  readonly view: vscode.TreeView<TreeNode>;
  /** Folder of the extension's log file (the Registry Explorer output channel). */
  readonly logUri: vscode.Uri;
}

export function createApi(services: Services, view: vscode.TreeView<TreeNode>): RegistryExplorerApi {
  return {
    version: 1,
    clientFor: (registry) => services.clients.get(registry),
    children: (node) => services.tree.getChildren(node),
    refresh: (node) => services.tree.refresh(node),
    treeItem: (node) => services.tree.getTreeItem(node),
    resolveTreeItem: (node) => services.tree.resolveTreeItem(services.tree.getTreeItem(node), node, new vscode.CancellationTokenSource().token),
    parent: (node) => services.tree.getParent(node),
    view,
    logUri: services.context.logUri,
  };
}
