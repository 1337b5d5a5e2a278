// Add OCI Layout Folder… (a folder picker) and Pin Layout (keeps a layout found in the workspace in
// the user's settings). A folder is added only when it reads as a layout: an oci-layout file and an
// index.json the layout service accepts.
import * as vscode from 'vscode';
import { OciLayoutService } from '../../registry/sources/ociLayout';
import { nodeArgument } from '../commands/nodeArgs';
import { registerLogged } from '../commands/registerLogged';
import { errorMessage } from '../errors';
import { displayName, layoutConfig, readRegistries, writeRegistries, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { pickLayout } from './layoutPickers';
import type { WorkspaceLayouts } from './workspaceLayouts';

/** Saves `folder` as a layout in the user's settings; undefined (the user was told why) when it is no layout or already there. */
export async function addLayoutFolder(services: Services, folder: string): Promise<RegistryConfig | undefined> {
  const config = layoutConfig(folder);
  const existing = readRegistries();
  if (existing.some((r) => r.url === config.url)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is already in the explorer.', config.path ?? folder));
    return undefined;
  }
  try {
    await new OciLayoutService(folder).ping();
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not an OCI image layout that can be read: {1}', folder, errorMessage(error)));
    return undefined;
  }
  await writeRegistries([...existing, config]);
  services.tree.refresh();
  services.log.info('layouts', `added the OCI layout ${config.path}`);
  return config;
}

export function registerLayoutCommands(services: Services, layouts: WorkspaceLayouts): vscode.Disposable[] {
  return [
    // Takes no argument: a title-bar click hands over the selected row, which is no folder.
    registerLogged(services.log, 'registryExplorer.addLayoutFolder', async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
        title: vscode.l10n.t('Add OCI Layout Folder'), openLabel: vscode.l10n.t('Add Layout'),
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      const folder = picked?.[0];
      if (!folder) return undefined;
      if (folder.scheme !== 'file') {
        void vscode.window.showErrorMessage(vscode.l10n.t('Only folders on this computer can be added as OCI layouts.'));
        return undefined;
      }
      return addLayoutFolder(services, folder.fsPath);
    }),
    registerLogged(services.log, 'registryExplorer.pinLayout', async (node?: unknown) => {
      const row = nodeArgument(node, 'registry');
      const found = layouts.found();
      const registry = row?.registry.foundInWorkspace ? row.registry : await pickLayout(layouts, vscode.l10n.t('Pin a layout found in the workspace'), found);
      if (!registry?.path) return undefined;
      const saved = await addLayoutFolder(services, registry.path);
      if (saved) void vscode.window.setStatusBarMessage(vscode.l10n.t('{0} is saved in your settings', displayName(saved)), 5000);
      return saved;
    }),
  ];
}
