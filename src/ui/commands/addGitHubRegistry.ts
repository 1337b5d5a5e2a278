// Add GitHub Container Registry: VS Code's GitHub sign-in first, then the `ghcr` entry, whose
// packages come from GitHub's API. An existing ghcr.io entry with another sign-in is switched over
// only when the user agrees.
import * as vscode from 'vscode';
import { GITHUB_CONTAINER_REGISTRY, signInForGhcr } from '../github';
import { displayName, readRegistries, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { registerLogged } from './registerLogged';
import { saveRegistries, sameHost } from './registries';

export function registerAddGitHubRegistry(services: Services): vscode.Disposable {
  return registerLogged(services.log, 'registryExplorer.addGitHubRegistry', () => addGitHubRegistry(services));
}

export async function addGitHubRegistry(services: Services): Promise<RegistryConfig | undefined> {
  const registries = readRegistries();
  const existing = registries.find((r) => sameHost(r, GITHUB_CONTAINER_REGISTRY.url));
  if (existing?.source === 'ghcr') {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is already in the explorer.', displayName(existing)));
    return undefined;
  }
  if (existing) {
    const switchOver = vscode.l10n.t('Use GitHub Sign-in');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} is already in the explorer with another sign-in. Use VS Code\'s GitHub sign-in for it instead?', displayName(existing)),
      { modal: true, detail: vscode.l10n.t('Its packages are then listed through GitHub\'s API; a saved token for it is deleted.') },
      switchOver,
    );
    if (answer !== switchOver) return undefined;
  }
  const login = await signInForGhcr();
  if (!login) return undefined;
  const entry: RegistryConfig = existing
    ? { ...withoutSignIn(existing), source: 'ghcr' }
    : { ...GITHUB_CONTAINER_REGISTRY };
  await saveRegistries(services, existing ? registries.map((r) => (r === existing ? entry : r)) : [...registries, entry]);
  services.clients.forget(entry);
  services.log.info('registries', `added ${entry.url} with the GitHub sign-in of ${login}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} added: signed in to GitHub as {1}.', displayName(entry), login));
  return entry;
}

function withoutSignIn(config: RegistryConfig): RegistryConfig {
  const rest = { ...config };
  delete rest.auth;
  delete rest.username;
  return rest;
}
