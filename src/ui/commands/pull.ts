import * as vscode from 'vscode';
import { isImageIndex, platformLabel } from '../../registry/manifest';
import { pullImage } from '../../registry/transfers/image';
import { errorMessage, isCancellation } from '../errors';
import type { Services } from '../services';
import { manifestReference } from '../tree/nodes';
import { nodeArgument } from './nodeArgs';
import { registerLogged, reportFailure } from './registerLogged';
import { pickManifestTarget } from './pickers';
import { withTransferProgress } from './transferProgress';

/** Pull image: every blob verified into an OCI image layout folder, one platform or all. */
export function registerPullCommand(services: Services): vscode.Disposable[] {
  return [
    registerLogged(services.log, 'registryExplorer.pullImage', async (node?: unknown) => {
      const target = nodeArgument(node, 'tag', 'manifest') ?? await pickManifestTarget(services, vscode.l10n.t('Pull image'));
      if (!target) return undefined;
      const reference = manifestReference(target);
      try {
        const client = await services.clients.get(target.registry);
        // From an index: the entry picked is pulled by its digest, whatever its label says.
        let choice: { all: boolean; manifest?: string } = { all: false };
        const root = await client.getManifest(target.repository, reference);
        if (isImageIndex(root.manifest)) {
          const entries = root.manifest.manifests.filter((d) => d.platform);
          const picked = await vscode.window.showQuickPick(
            [
              { label: vscode.l10n.t('All platforms'), all: true, manifest: undefined },
              ...entries.map((d) => ({ label: platformLabel(d.platform), description: d.digest, all: false, manifest: d.digest })),
            ],
            { title: vscode.l10n.t('Pull {0}:{1}', target.repository, reference), placeHolder: vscode.l10n.t('Which platform?') },
          );
          if (!picked) return undefined;
          choice = { all: picked.all, manifest: picked.manifest };
        }
        const folder = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Pull into this OCI layout'), title: vscode.l10n.t('OCI image layout folder') }))?.[0]?.fsPath;
        if (!folder) return undefined;
        let transferred = 0;
        const { root: pulled } = await withTransferProgress(vscode.l10n.t('Pulling {0}:{1}', target.repository, reference), (signal, onProgress) =>
          pullImage(client, target.repository, reference, folder, {
            signal, all: choice.all, manifest: choice.manifest,
            concurrency: vscode.workspace.getConfiguration('registryExplorer').get<number>('transferConcurrency'),
            onProgress: (event) => { transferred = event.transferred; onProgress(event); },
          }));
        services.log.info('pull', `${target.repository}@${pulled.digest} → ${folder} (${transferred} bytes of blobs fetched)`);
        void vscode.window.showInformationMessage(vscode.l10n.t('Pulled {0}:{1} ({2}) into {3}', target.repository, reference, `${pulled.digest.slice(0, 19)}…`, folder));
        return pulled;
      } catch (error) {
        if (!isCancellation(error)) {
          reportFailure(services.log, 'registryExplorer.pullImage', error);
          void vscode.window.showErrorMessage(vscode.l10n.t('Pull failed: {0}', errorMessage(error)));
        }
        return undefined;
      }
    }),
  ];
}
