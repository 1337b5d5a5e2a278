import * as vscode from 'vscode';
import { formatBytes } from '../../registry/byteSize';
import type { ImageDocuments } from '../documents/imageDocuments';
import { parseImageUri } from './imageUri';

/** Files above this open as a note, not in an editor: reading them whole would hold them in memory. */
const LARGEST_SHOWN = 64 * 1024 * 1024;
/** As git and VS Code decide: a NUL byte in the first 8000 bytes makes a file binary. */
const SNIFFED = 8000;
const HEX_EDITOR = 'ms-vscode.hexeditor';

export type OpenedAs = 'text' | 'hex' | 'note';

/**
 * Opens a file of an image or layer read-only: text with its language's highlighting, a binary
 * file in the hex editor when it is installed, otherwise a note saying "binary, N bytes".
 */
export async function openImageFile(uri: vscode.Uri, notes: ImageDocuments, options: { selection?: vscode.Range } = {}): Promise<OpenedAs> {
  const { size } = await vscode.workspace.fs.stat(uri);
  const binary = size > LARGEST_SHOWN || (await vscode.workspace.fs.readFile(uri)).subarray(0, SNIFFED).includes(0);
  if (!binary) {
    await vscode.window.showTextDocument(uri, { preview: true, selection: options.selection });
    return 'text';
  }
  if (vscode.extensions.getExtension(HEX_EDITOR)) {
    await vscode.commands.executeCommand('vscode.openWith', uri, 'hexEditor.hexedit');
    return 'hex';
  }
  const location = parseImageUri(uri);
  const path = location?.path ?? uri.path;
  const note = notes.uriFor(location?.host ?? uri.authority, `${location?.repository ?? ''} ${path} (binary)`, uri.toString());
  notes.show(note, size > LARGEST_SHOWN
    ? vscode.l10n.t('/{0}: {1} bytes ({2}), too large to show here. Save File As… writes it to a folder.', path, size, formatBytes(size))
    : vscode.l10n.t('/{0}: binary, {1} bytes ({2}). Install the Hex Editor extension to see its bytes.', path, size, formatBytes(size)));
  await vscode.window.showTextDocument(note, { preview: true });
  return 'note';
}
