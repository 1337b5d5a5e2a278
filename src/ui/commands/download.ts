import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, isCancellation } from '../errors';
import { userSetting } from '../registryConfig';
import type { Services } from '../services';
import type { BlobNode } from '../tree/nodes';
import { nodeArgument, nodeArguments } from './nodeArgs';
import { registerLogged, reportFailure } from './registerLogged';
import { pickBlob } from './pickBlob';
import { revealDownloaded, showReadOnly } from './reveal';
import { withTransferProgress } from './transferProgress';

/** Download layer / config: verified streaming download into a folder the user picks or configured. */
export function registerDownloadCommands(services: Services): vscode.Disposable[] {
  /** Streams one blob into `folder`; throws DownloadStopped, after telling the user why, when it failed or was cancelled. */
  const save = async (blob: BlobNode, folder: string): Promise<string> => {
    const role = blob.role;
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
      throw new DownloadStopped(isCancellation(error));
    }
    services.log.info('download', `${blob.descriptor.digest} → ${target}`);
    return target;
  };
  const download = async (role: BlobNode['role'], node: unknown, selected: unknown) => {
    const rows = nodeArguments(node, selected, 'blob').filter((blob) => blob.role === role);
    if (rows.length > 1) return downloadMany(rows);
    const given = nodeArgument(node, 'blob');
    const blob = given?.role === role ? given : await pickBlob(services, role);
    if (!blob) return undefined;
    const folder = await downloadFolder();
    if (!folder) return undefined;
    const target = await save(blob, folder).catch((error: unknown) => {
      if (error instanceof DownloadStopped) return undefined;
      throw error;
    });
    if (!target) return undefined;
    if (role === 'config') await showReadOnly(target);
    const verified = `${blob.descriptor.digest.slice(0, 19)}…`;
    const saved = role === 'config' ? vscode.l10n.t('Saved config to {0} (verified {1})', target, verified) : vscode.l10n.t('Saved layer to {0} (verified {1})', target, verified);
    void vscode.window.showInformationMessage(saved, vscode.l10n.t('Reveal')).then((pick) => {
      if (pick) void revealDownloaded(target).catch((error: unknown) => reportFailure(services.log, 'reveal', error));
    });
    return target;
  };
  /** Several selected rows: one folder question, then each blob in turn; a cancel or failure stops the rest. */
  const downloadMany = async (blobs: BlobNode[]): Promise<string[] | undefined> => {
    const folder = await downloadFolder();
    if (!folder) return undefined;
    const saved: string[] = [];
    for (const blob of blobs) {
      const target = await save(blob, folder).catch((error: unknown) => {
        if (error instanceof DownloadStopped) return undefined;
        throw error;
      });
      if (!target) break;
      saved.push(target);
    }
    if (saved.length === 0) return undefined;
    const reveal = vscode.l10n.t('Reveal');
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0} of {1} files to {2} (each verified by its digest)', saved.length, blobs.length, folder), reveal).then((pick) => {
      if (pick) void revealDownloaded(saved[0]).catch((error: unknown) => reportFailure(services.log, 'reveal', error));
    });
    return saved;
  };
  return [
    registerLogged(services.log, 'registryExplorer.downloadLayer', (node?: unknown, selected?: unknown) => download('layer', node, selected)),
    registerLogged(services.log, 'registryExplorer.downloadConfig', (node?: unknown, selected?: unknown) => download('config', node, selected)),
  ];
}

/** A download that was cancelled or failed; the user has been told. */
class DownloadStopped extends Error {
  override name = 'DownloadStopped';
  constructor(readonly cancelled: boolean) {
    super(cancelled ? 'download cancelled' : 'download failed');
  }
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
