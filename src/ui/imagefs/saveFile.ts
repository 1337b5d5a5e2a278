import { access } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { nodeArgument } from '../commands/nodeArgs';
import { revealDownloaded } from '../commands/reveal';
import { reportFailure } from '../commands/registerLogged';
import { userSetting } from '../registryConfig';
import type { Services } from '../services';
import type { CommandHandlers } from './commandHandlers';
import type { ImageSources } from './imageSources';
import { IMAGE_SCHEME, parseImageUri, type ImageLocation } from './imageUri';
import { LayerFiles } from './layerFiles';
import { layerFileUri } from './openCommands';
import { baseName } from './paths';
import { extractEntry, isPlainFileName } from './service';

/**
 * Save File As…: one file of an image (a file in its folder) or of a layer (a row) written into a
 * folder the user picks, under its own name. The service writes it under a new temporary name and
 * renames it into place, never through a symlink and never outside that folder.
 */
export function saveFileCommand(services: Services, sources: ImageSources): CommandHandlers {
  return {
    'registryExplorer.saveImageFile': async (argument?: unknown): Promise<string | undefined> => {
      const entry = nodeArgument(argument, 'layerEntry');
      // From the palette: the file in the active editor.
      const uri = entry && typeof entry.path === 'string' ? layerFileUri(entry.registry, entry.repository, entry.layer, entry.path) : argument ?? vscode.window.activeTextEditor?.document.uri;
      const location = uri instanceof vscode.Uri ? parseImageUri(uri) : undefined;
      if (!location || !location.path) return undefined;
      const folder = await pickFolder(location);
      if (!folder) return undefined;
      // A name a tar may hold but a folder cannot (a backslash, NUL) is made plain.
      const name = isPlainFileName(baseName(location.path)) ? baseName(location.path) : baseName(location.path).replace(/[\\\0]/g, '_');
      const target = join(folder, name);
      if (await exists(target)) {
        const replace = vscode.l10n.t('Replace');
        const answer = await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists in {1}. Replace it?', name, folder), { modal: true }, replace);
        if (answer !== replace) return undefined;
      }
      const files = await sources.files({ ...location, path: '' });
      const source = location.scheme === IMAGE_SCHEME || !(files instanceof LayerFiles) ? files : files.index;
      const written = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Saving /{0}', location.path), cancellable: true },
        (_progress, token) => {
          const abort = new AbortController();
          const subscription = token.onCancellationRequested(() => abort.abort());
          return extractEntry(source as Parameters<typeof extractEntry>[0], location.path, folder, name, { signal: abort.signal }).finally(() => subscription.dispose());
        });
      const reveal = vscode.l10n.t('Reveal');
      void vscode.window.showInformationMessage(vscode.l10n.t('Saved /{0} as {1}', location.path, written), reveal).then((pick) => {
        if (pick) void revealDownloaded(written).catch((error: unknown) => reportFailure(services.log, 'reveal', error));
      });
      return written;
    },
  };
}

async function pickFolder(location: ImageLocation): Promise<string | undefined> {
  const configured = userSetting<string>('downloadFolder')?.trim();
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: configured ? vscode.Uri.file(configured) : undefined,
    openLabel: vscode.l10n.t('Save here'), title: vscode.l10n.t('Save /{0} to folder', location.path),
  });
  return picked?.[0]?.fsPath;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
