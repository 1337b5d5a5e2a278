import * as vscode from 'vscode';
import { isImageIndex, platformLabel } from '../../registry/manifest';
import { pullImage } from '../../registry/transfers/image';
import { errorMessage, isCancellation } from '../errors';
import type { Services } from '../services';
import { manifestReference, type ManifestTarget } from '../tree/nodes';
import { pickManifestTarget } from './pickers';
import { withTransferProgress } from './transferProgress';

/** Pull image: every blob verified into an OCI image layout folder, one platform or all. */
export function registerPullCommand(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('registryExplorer.pullImage', async (node?: ManifestTarget, preset?: { folder?: string; platform?: string }) => {
      const target = node ?? await pickManifestTarget(services, 'Pull image');
      if (!target) return undefined;
      const client = await services.clients.get(target.registry);
      const reference = manifestReference(target);
      let platform = preset?.platform;
      let all = platform === 'all';
      try {
        if (!platform) {
          const root = await client.getManifest(target.repository, reference);
          if (isImageIndex(root.manifest)) {
            const picked = await vscode.window.showQuickPick(
              [{ label: 'All platforms', platform: 'all' }, ...root.manifest.manifests.filter((d) => d.platform).map((d) => ({ label: platformLabel(d.platform), platform: platformLabel(d.platform) }))],
              { title: `Pull ${target.repository}:${reference}`, placeHolder: 'Which platform?' },
            );
            if (!picked) return undefined;
            platform = picked.platform;
            all = platform === 'all';
          }
        }
        const folder = preset?.folder ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Pull into this OCI layout', title: 'OCI image layout folder' }))?.[0]?.fsPath;
        if (!folder) return undefined;
        let transferred = 0;
        const { root } = await withTransferProgress(`Pulling ${target.repository}:${reference}`, (signal, onProgress) =>
          pullImage(client, target.repository, reference, folder, {
            signal, all, platform: all ? undefined : platform,
            onProgress: (event) => { transferred = event.transferred; onProgress(event); },
          }));
        services.log.info('pull', `${target.repository}@${root.digest} → ${folder} (${transferred} bytes of blobs fetched)`);
        void vscode.window.showInformationMessage(`Pulled ${target.repository}:${reference} (${root.digest.slice(0, 19)}…) into ${folder}`);
        return root;
      } catch (error) {
        if (!isCancellation(error)) void vscode.window.showErrorMessage(`Pull failed: ${errorMessage(error)}`);
        return undefined;
      }
    }),
  ];
}
