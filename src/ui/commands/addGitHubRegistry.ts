// Add GitHub Container Registry: VS Code's GitHub sign-in first, then the `ghcr` entry, whose
// packages come from GitHub's API.
import * as vscode from 'vscode';
import { GITHUB_CONTAINER_REGISTRY, signInForGhcr } from '../github';
import { displayName, readRegistries } from '../registryConfig';
import type { Services } from '../services';
import { registerLogged } from './registerLogged';
import { saveRegistries, sameHost } from './registries';

export function registerAddGitHubRegistry(services: Services): vscode.Disposable {
  return registerLogged(services.log, 'registryExplorer.addGitHubRegistry', () => addGitHubRegistry(services));
}

export async function addGitHubRegistry(services: Services): Promise<void> {
  const registries = readRegistries();
  const existing = registries.find((r) => sameHost(r, GITHUB_CONTAINER_REGISTRY.url));
  if (existing) {
    // Another sign-in for ghcr.io (a token) stays until the user removes that entry.
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is already in the explorer.', displayName(existing)));
    return;
  }
  const login = await signInForGhcr();
  if (!login) return;
  await saveRegistries(services, [...registries, GITHUB_CONTAINER_REGISTRY]);
  services.log.info('registries', `added ${GITHUB_CONTAINER_REGISTRY.url} with the GitHub sign-in of ${login}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} added: signed in to GitHub as {1}.', displayName(GITHUB_CONTAINER_REGISTRY), login));
}
