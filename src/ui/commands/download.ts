import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, isCancellation } from '../errors';
import { userSetting } from '../registryConfig';
import type { Services } from '../services';
import type { BlobNode } from '../tree/nodes';
import { nodeArgument } from './nodeArgs';
import { registerLogged, reportFailure } from './registerLogged';
import { pickBlob } from './pickBlob';
import { revealDownloaded, showReadOnly } from './reveal';
import { withTransferProgress } from './transferProgress';

/** Download layer / config: verified streaming download into a folder the user picks or configured. */
export function registerDownloadCommands(services: Services): vscode.Disposable[] {
  const download = async (role: BlobNode['role'], node: unknown) => {
    const given = nodeArgument(node, 'blob');
    const blob = given?.role === role ? given : await pickBlob(services, role);
    if (!blob) return undefined;
    const folder = await downloadFolder();
    if (!folder) return undefined;
    const hex = blob.descriptor.digest.split(':')[1] ?? blob.descriptor.digest;
    const fileName = role === 'config' ? `config-${hex.slice(0, 12)}.json` : `${hex}${layerExtension(blob.descriptor.mediaType)}`;
    const target = path.join(folder, fileName);
    const client = await services.clients.get(blob.registry);
    try {
      await withTransferProgress(role === 'config' ? vscode.l10n.t('Downloading config {0}', hex.slice(0, 12)) : vscode.l10n.t('Downloading layer {0}', hex.slice(0, 12)), (signal, onProgress) =>
        client.downloadBlob(blob.repository, blob.descriptor, target, { signal, onProgress }));
    } catch (error) {
      if (isCancellation(error)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Download cancelled; nothing was written.'));
      } else {
        void vscode.window.showErrorMessage(vscode.l10n.t('Download failed (nothing was kept): {0}', errorMessage(error)));
      }
      if (isCancellation(error)) services.log.info('download', `${blob.descriptor.digest}: cancelled`);
      else reportFailure(services.log, `registryExplorer.download${role === 'config' ? 'Config' : 'Layer'}`, error);
      return undefined;
    }
    services.log.info('download', `${blob.descriptor.digest} → ${target}`);
    if (role === 'config') await showReadOnly(target);
    const verified = `${blob.descriptor.digest.slice(0, 19)}…`;
    const saved = role === 'config' ? vscode.l10n.t('Saved config to {0} (verified {1})', target, verified) : vscode.l10n.t('Saved layer to {0} (verified {1})', target, verified);
    void vscode.window.showInformationMessage(saved, vscode.l10n.t('Reveal')).then((pick) => {
      if (pick) void revealDownloaded(target).catch((error: unknown) => reportFailure(services.log, 'reveal', error));
    });
    return target;
  };
  return [
    registerLogged(services.log, 'registryExplorer.downloadLayer', (node?: unknown) => download('layer', node)),
    registerLogged(services.log, 'registryExplorer.downloadConfig', (node?: unknown) => download('config', node)),
  ];
}

async function downloadFolder(): Promise<string | undefined> {
  const configured = userSetting<string>('downloadFolder')?.trim();
  if (configured) return configured;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Download here'), title: vscode.l10n.t('Download to folder') });
  return picked?.[0]?.fsPath;
}

function layerExtension(mediaType: string): string {
  if (/gzip/.test(mediaType)) return '.tar.gz';
  if (/zstd/.test(mediaType)) return '.tar.zst';
  if (/tar$/.test(mediaType)) return '.tar';
  if (/json$/.test(mediaType)) return '.json';
  return '.blob';
}
