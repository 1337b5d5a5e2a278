import * as vscode from 'vscode';
import { formatBytes } from '../../registry/byteSize';
import type { FileChange, FileNode } from '../../registry/imagefs/api';
import { replaceUnsafeCharacters } from '../markdown';
import { modeText } from './layerRowText';

export const CHANGES_VIEW = 'registryExplorer.imageChanges';
const HAS_CHANGES = 'registryExplorer.hasImageChanges';

/** Two images compared file by file: their roots and what differs. */
export interface FileComparison { title: string; before: vscode.Uri; after: vscode.Uri; changes: FileChange[] }

/** A row of the Image Changes view. */
export interface ChangeRow { change: FileChange; comparison: FileComparison }

/** The filesystem diff of the last comparison, one row per added, removed or changed path. */
export class ChangesView implements vscode.TreeDataProvider<ChangeRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private rows: ChangeRow[] = [];
  private view: vscode.TreeView<ChangeRow> | undefined;

  attach(view: vscode.TreeView<ChangeRow>): void {
    this.view = view;
  }

  async show(comparison: FileComparison): Promise<void> {
    this.rows = [...comparison.changes].sort((a, b) => a.path.localeCompare(b.path)).map((change) => ({ change, comparison }));
    if (this.view) {
      this.view.title = vscode.l10n.t('Image Changes');
      this.view.description = comparison.title;
      this.view.message = comparison.changes.length === 0 ? vscode.l10n.t('{0}: the files are the same', comparison.title) : undefined;
    }
    this.changed.fire();
    await vscode.commands.executeCommand('setContext', HAS_CHANGES, true);
    await vscode.commands.executeCommand(`${CHANGES_VIEW}.focus`);
  }

  getChildren(row?: ChangeRow): ChangeRow[] {
    return row ? [] : this.rows;
  }

  getTreeItem(row: ChangeRow): vscode.TreeItem {
    const { change } = row;
    const item = new vscode.TreeItem(replaceUnsafeCharacters(`/${change.path}`));
    item.description = changeDescription(change);
    item.iconPath = new vscode.ThemeIcon(change.kind === 'added' ? 'diff-added' : change.kind === 'removed' ? 'diff-removed' : 'diff-modified');
    item.contextValue = `imageChange.${change.kind}`;
    const node = change.kind === 'changed' ? change.after : change.node;
    if (node.type === 'file' || node.type === 'hardlink') {
      item.command = { title: vscode.l10n.t('Open Changes'), command: 'registryExplorer.openImageChange', arguments: [row] };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `added · 12 B`, `changed · 10 B → 12 B · -rw-r--r-- → -rwxr-xr-x`. */
export function changeDescription(change: FileChange): string {
  if (change.kind !== 'changed') return `${change.kind === 'added' ? vscode.l10n.t('added') : vscode.l10n.t('removed')} · ${nodeText(change.node)}`;
  const { before, after } = change;
  const parts = [vscode.l10n.t('changed')];
  if (before.type !== after.type) parts.push(`${before.type} → ${after.type}`);
  parts.push(before.size === after.size ? formatBytes(after.size) : `${formatBytes(before.size)} → ${formatBytes(after.size)}`);
  if (before.mode !== after.mode) parts.push(`${modeText(before.type, before.mode)} → ${modeText(after.type, after.mode)}`);
  if (before.linkTarget !== after.linkTarget) parts.push(`→ ${before.linkTarget ?? ''} ⇒ ${after.linkTarget ?? ''}`);
  return replaceUnsafeCharacters(parts.join(' · '));
}

function nodeText(node: FileNode): string {
  if (node.type === 'symlink') return replaceUnsafeCharacters(`→ ${node.linkTarget ?? ''}`);
  return node.type === 'file' || node.type === 'hardlink' ? formatBytes(node.size) : node.type;
}
