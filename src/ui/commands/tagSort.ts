import * as vscode from 'vscode';
import type { Services } from '../services';
import { TagSortPreference } from '../tree/treeWiring';
import { registerLogged } from './registerLogged';

/**
 * Switches tag rows between newest first and newest version first. The order is the user's, not a
 * row's: whatever argument the title bar, a menu or the palette hands over is ignored.
 */
export function registerTagSortCommand(services: Services): vscode.Disposable[] {
  const preference = new TagSortPreference(services.context.globalState);
  return [
    registerLogged(services.log, 'registryExplorer.toggleTagSort', async () => {
      const next = preference.mode === 'newest' ? 'version' : 'newest';
      await preference.set(next);
      services.tree.reorderTags();
      vscode.window.setStatusBarMessage(next === 'newest'
        ? vscode.l10n.t('Tags: newest first (by time where known, else by version)')
        : vscode.l10n.t('Tags: newest version first (1.10 before 1.9 before 1.9-rc1)'), 4000);
    }),
  ];
}
