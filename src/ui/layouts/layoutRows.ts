import * as vscode from 'vscode';
import { displayName, isLayout, layoutFolder, type RegistryConfig } from '../registryLocation';
import type { BlobNode, ManifestNode, RegistryNode, RepositoryNode, TagNode } from '../tree/nodes';

/**
 * `.layout` marks the tag and manifest rows of a layout, so menus offer Push Image there and leave
 * out what a read-only folder cannot do (delete, add a tag).
 */
export function layoutSuffix(registry: RegistryConfig): string {
  return isLayout(registry) ? '.layout' : '';
}

/** A layout's top row: its folder, and whether it was found in the workspace or saved by the user. */
export function layoutItem(registry: RegistryConfig, expanded: boolean | undefined, filter: string | undefined): vscode.TreeItem {
  const state = expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(displayName(registry), state);
  const folder = layoutFolder(registry);
  item.iconPath = new vscode.ThemeIcon('file-submodule');
  const where = registry.foundInWorkspace ? vscode.l10n.t('OCI layout in the workspace') : vscode.l10n.t('OCI layout');
  item.description = [where, filter ? vscode.l10n.t('filter: {0}', filter) : undefined].filter(Boolean).join(' · ');
  item.tooltip = registry.foundInWorkspace
    ? vscode.l10n.t('{0}\nFound in the workspace: read-only, not saved in settings (Pin to keep it).', folder)
    : vscode.l10n.t('{0}\nA local OCI image layout: read-only.', folder);
  item.contextValue = registry.foundInWorkspace ? 'registry.layout.found' : 'registry.layout';
  return item;
}

/** A layout row as skopeo names it: `oci:<folder>`, `oci:<folder>:<ref name>`, `oci:<folder>@<digest>`. */
export function layoutReference(row: RegistryNode | RepositoryNode | TagNode | ManifestNode | BlobNode): string {
  const base = `oci:${layoutFolder(row.registry)}`;
  switch (row.kind) {
    case 'registry':
    case 'repository': return base;
    case 'tag': return `${base}:${row.tag.name}`;
    case 'manifest':
    case 'blob': return `${base}@${row.descriptor.digest}`;
  }
}
