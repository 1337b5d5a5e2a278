import * as vscode from 'vscode';
import type { Services } from '../services';
import type { LoadMoreNode, PagedParent, TreeNode } from '../tree/nodes';

/** Refresh, load more, and filter for the tree. */
export function registerNavigationCommands(services: Services): vscode.Disposable[] {
  const { tree } = services;
  return [
    vscode.commands.registerCommand('registryExplorer.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('registryExplorer.refreshNode', (node?: TreeNode) => tree.refresh(node)),
    vscode.commands.registerCommand('registryExplorer.loadMore', (node: LoadMoreNode) => tree.loadMore(node)),
    vscode.commands.registerCommand('registryExplorer.filter', async (node?: PagedParent, value?: string) => {
      if (!node) {
        void vscode.window.showInformationMessage('Use the filter button on a registry or repository in the Registry Explorer.');
        return;
      }
      const filter = value ?? await vscode.window.showInputBox({
        title: node.kind === 'registry' ? 'Filter repositories' : `Filter tags of ${node.repository}`,
        prompt: 'Text found anywhere in the name, or end with * for a prefix (fast on large registries). Empty clears.',
        value: tree.state.filters.get(node.key) ?? '',
      });
      if (filter === undefined) return;
      tree.setFilter(node, filter.trim() || undefined);
    }),
    vscode.commands.registerCommand('registryExplorer.clearFilter', (node: PagedParent) => tree.setFilter(node, undefined)),
  ];
}
