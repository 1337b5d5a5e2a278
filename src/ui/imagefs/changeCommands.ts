import * as vscode from 'vscode';
import type { ImageDocuments } from '../documents/imageDocuments';
import type { ChangeRow } from './changesView';
import type { CommandHandlers } from './commandHandlers';
import { parseImageUri } from './imageUri';
import { openImageFile } from './openFile';

/** A row of Image Changes opens as a diff (changed), or as the file on the side that has it. */
export function changeCommands(notes: ImageDocuments): CommandHandlers {
  return {
    'registryExplorer.openImageChange': async (argument?: unknown) => {
      const row = changeRow(argument);
      if (!row) return undefined;
      const { change, comparison } = row;
      const on = (root: vscode.Uri) => vscode.Uri.joinPath(root, change.path);
      if (change.kind === 'changed') {
        const sides = [on(comparison.before), on(comparison.after)] as const;
        await vscode.commands.executeCommand('vscode.diff', ...sides, vscode.l10n.t('/{0} ({1})', change.path, comparison.title), { preview: true });
        return sides;
      }
      const uri = on(change.kind === 'added' ? comparison.after : comparison.before);
      await openImageFile(uri, notes);
      return [uri];
    },
  };
}

/** Only a row of the view (a `command:` link could hand over anything). */
function changeRow(argument: unknown): ChangeRow | undefined {
  const row = argument as Partial<ChangeRow> | undefined;
  const change = row?.change;
  const comparison = row?.comparison;
  if (typeof change?.path !== 'string' || !['added', 'removed', 'changed'].includes(change.kind)) return undefined;
  if (!(comparison?.before instanceof vscode.Uri) || !(comparison.after instanceof vscode.Uri)) return undefined;
  if (!parseImageUri(comparison.before) || !parseImageUri(comparison.after)) return undefined;
  return row as ChangeRow;
}
