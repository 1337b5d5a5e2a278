import * as vscode from 'vscode';
import type { Descriptor } from '../../registry/types';
import type { BlobNode, LayerEntryNode, TreeNode } from '../tree/nodes';
import type { LayerFiles, LayerRow } from './layerFiles';
import { rowDescription, rowLabel, rowTooltip } from './layerRowText';

/** The rows directly under a layer row or one of its directories; an unsupported layer says so in a row. */
export async function layerRows(files: () => Promise<LayerFiles>, parent: BlobNode | LayerEntryNode, layer: Descriptor, directory: string): Promise<TreeNode[]> {
  let listed: LayerFiles;
  try {
    listed = await files();
  } catch (error) {
    if ((error as { name?: unknown } | undefined)?.name !== 'UnsupportedError') throw error;
    return [{ kind: 'message', key: `${parent.key}#unsupported`, severity: 'info', actions: [], text: (error as Error).message }];
  }
  const rows = listed.rowsUnder(directory);
  if (rows.length === 0) return [{ kind: 'message', key: `${parent.key}#empty`, severity: 'info', actions: [], text: vscode.l10n.t('This layer holds no entries') }];
  return rows.map((row, i) => entryNode(parent, layer, row, i, row.type === 'directory' && !isWhiteout(row) && listed.hasRowsUnder(row.path)));
}

/** Name, then size, mode, owner, link target or whiteout mark; only regular files open. */
function entryNode(parent: BlobNode | LayerEntryNode, layer: Descriptor, row: LayerRow, index: number, expandable: boolean): LayerEntryNode {
  const whiteout = isWhiteout(row);
  const warning = 'warning' in row && row.warning !== undefined;
  const openable = !whiteout && !warning && (row.type === 'file' || row.type === 'hardlink');
  return {
    kind: 'layerEntry', key: `${parent.key}/${index}:${row.path}`, registry: parent.registry, repository: parent.repository, layer, path: row.path,
    label: rowLabel(row), description: rowDescription(row), tooltip: rowTooltip(row),
    icon: whiteout ? 'diff-removed' : warning ? 'warning' : row.type === 'directory' ? 'folder' : row.type === 'symlink' ? 'file-symlink-file' : 'file',
    contextValue: whiteout ? 'layerEntry.whiteout' : openable ? 'layerEntry.file' : `layerEntry.${row.type}`,
    openable, expandable,
  };
}

function isWhiteout(row: LayerRow): boolean {
  return 'whiteout' in row && row.whiteout !== undefined;
}
