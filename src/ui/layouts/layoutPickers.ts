import * as vscode from 'vscode';
import { displayName, isLayout, layoutFolder, readRegistries, type RegistryConfig } from '../registryConfig';
import { withFoundLayouts } from './layoutPaths';
import type { WorkspaceLayouts } from './workspaceLayouts';

/** Every layout the tree shows: the saved ones, then those found in the workspace. */
export function allLayouts(layouts: WorkspaceLayouts): RegistryConfig[] {
  return withFoundLayouts(readRegistries(), layouts.found()).filter(isLayout);
}

/** Palette: one of the layouts, or the offer to add one when there is none. */
export async function pickLayout(layouts: WorkspaceLayouts, title: string, offered: RegistryConfig[] = allLayouts(layouts)): Promise<RegistryConfig | undefined> {
  if (offered.length === 0) {
    const add = vscode.l10n.t('Add OCI Layout Folder…');
    const answer = await vscode.window.showInformationMessage(vscode.l10n.t('No OCI layout folder is in the explorer yet.'), add);
    if (answer === add) await vscode.commands.executeCommand('registryExplorer.addLayoutFolder');
    return undefined;
  }
  if (offered.length === 1) return offered[0];
  const picked = await vscode.window.showQuickPick(offered.map((registry) => ({
    label: displayName(registry),
    description: registry.foundInWorkspace ? vscode.l10n.t('in the workspace') : undefined,
    detail: layoutFolder(registry),
    registry,
  })), { title });
  return picked?.registry;
}

/**
 * A layout found in an untrusted workspace is only looked at: nothing from it goes over the network.
 * Says so and returns true when `registry` is such a layout.
 */
export function refusesNetwork(registry: RegistryConfig): boolean {
  if (!registry.foundInWorkspace || vscode.workspace.isTrusted) return false;
  void vscode.window.showWarningMessage(vscode.l10n.t('{0} was found in an untrusted workspace, so it is read-only and nothing in it is sent anywhere. Trust the workspace, or add the folder with Add OCI Layout Folder…, to push from it.', layoutFolder(registry)));
  return true;
}
