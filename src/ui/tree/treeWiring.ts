// What ties the tree to VS Code beyond the data provider: the stored tag order, settings that apply
// at once, and stopping queued fill-in work when a row is collapsed.
import * as vscode from 'vscode';
import type { TreeNode } from './nodes';
import type { RegistryTreeProvider } from './provider';
import type { TagSortMode } from './tagSort';

const TAG_SORT_KEY = 'registryExplorer.tagSort';

/** The tag order the user chose, kept across windows (global state). */
export class TagSortPreference {
  constructor(private readonly memento: vscode.Memento) {}

  get mode(): TagSortMode {
    return this.memento.get<TagSortMode>(TAG_SORT_KEY) === 'version' ? 'version' : 'newest';
  }

  async set(mode: TagSortMode): Promise<void> {
    await this.memento.update(TAG_SORT_KEY, mode);
    await vscode.commands.executeCommand('setContext', TAG_SORT_KEY, mode);
  }
}

export function wireTreeView(tree: RegistryTreeProvider, view: vscode.TreeView<TreeNode>, memento: vscode.Memento): vscode.Disposable[] {
  const preference = new TagSortPreference(memento);
  tree.state.tagSort = () => preference.mode;
  void vscode.commands.executeCommand('setContext', TAG_SORT_KEY, preference.mode);
  return [
    view.onDidCollapseElement((event) => tree.rows.cancelQueued(event.element.key)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('registryExplorer.pageSize')) tree.refreshPagedLists();
      if (event.affectsConfiguration('registryExplorer.tagDetails')) tree.redrawRows();
    }),
  ];
}
