import * as vscode from 'vscode';
import { displayName } from '../registryLocation';
import type { Services } from '../services';
import { nodeArgument } from './nodeArgs';
import { registerLogged } from './registerLogged';

/** Refresh, load more, and filter for the tree; each ignores what is not a node it can act on. */
export function registerNavigationCommands(services: Services): vscode.Disposable[] {
  const { tree } = services;
  return [
    registerLogged(services.log, 'registryExplorer.refresh', () => tree.refresh()),
    // Anything but a node refreshes the whole tree.
    registerLogged(services.log, 'registryExplorer.refreshNode', (node?: unknown) =>
      tree.refresh(nodeArgument(node, 'registry', 'repository', 'tag', 'manifest', 'blob', 'referrers', 'loadMore', 'message'))),
    registerLogged(services.log, 'registryExplorer.loadMore', async (node?: unknown) => {
      const more = nodeArgument(node, 'loadMore');
      if (more && nodeArgument(more.parent, 'registry', 'repository')) await tree.loadMore(more);
    }),
    registerLogged(services.log, 'registryExplorer.filter', async (node?: unknown) => {
      const parent = nodeArgument(node, 'registry', 'repository');
      if (!parent) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Use the filter button on a registry or repository in the Registry Explorer.'));
        return;
      }
      const filter = await vscode.window.showInputBox({
        title: parent.kind === 'registry' ? vscode.l10n.t('Filter repositories') : vscode.l10n.t('Filter tags of {0}', parent.repository),
        prompt: vscode.l10n.t('Text found anywhere in the name, or end with * for a prefix (fast on large registries). Empty clears.'),
        value: tree.state.filters.get(parent.key) ?? '',
      });
      if (filter === undefined) return;
      tree.setFilter(parent, filter.trim() || undefined);
    }),
    // Shown only while a filter is set; from a row without one (or the palette) it asks which filter to clear.
    registerLogged(services.log, 'registryExplorer.clearFilter', async (node?: unknown) => {
      const parent = nodeArgument(node, 'registry', 'repository');
      if (parent && tree.state.filters.has(parent.key)) return tree.setFilter(parent, undefined);
      const filtered = tree.filteredRows();
      const target = filtered.length <= 1 ? filtered[0] : (await vscode.window.showQuickPick(
        filtered.map((row) => ({ label: row.kind === 'registry' ? displayName(row.registry) : row.repository, description: tree.state.filters.get(row.key), row })),
        { title: vscode.l10n.t('Clear Filter'), placeHolder: vscode.l10n.t('Which filter should be cleared?') },
      ))?.row;
      if (target) tree.setFilter(target, undefined);
    }),
  ];
}
