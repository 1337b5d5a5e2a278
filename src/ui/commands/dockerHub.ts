// Docker Hub in the explorer: Add Docker Hub… (sign-in, then the namespaces to list), and a public
// namespace added to or removed from a Docker Hub row.
import * as vscode from 'vscode';
import { DockerHubClient, DOCKER_HUB_REGISTRY_URL } from '../../registry/sources/dockerHub';
import { isValidNamespace } from '../../registry/sources/dockerHubPages';
import { displayName, readRegistries, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { askDockerHubSignIn, parseNamespaces } from './dockerHubSignIn';
import { nodeArgument } from './nodeArgs';
import { pickRegistry } from './pickers';
import { registerLogged } from './registerLogged';
import { saveRegistries, sameHost } from './registries';

const isDockerHubEntry = (registry: RegistryConfig): boolean => registry.source === 'dockerHub';

export function registerDockerHubCommands(services: Services): vscode.Disposable[] {
  return [
    // Takes no argument: the view's title bar hands over the selected row.
    registerLogged(services.log, 'registryExplorer.addDockerHub', async () => {
      const existing = readRegistries().find((r) => sameHost(r, DOCKER_HUB_REGISTRY_URL));
      if (existing) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} is already in the explorer: add namespaces from its context menu.', displayName(existing)));
        return;
      }
      const answer = await askDockerHubSignIn(services, { name: 'Docker Hub', url: DOCKER_HUB_REGISTRY_URL, source: 'dockerHub' });
      if (!answer) return;
      const namespaces = await askNamespaces(answer.config);
      if (!namespaces) return;
      const config: RegistryConfig = { ...answer.config, ...(namespaces.length ? { namespaces } : {}) };
      await saveRegistries(services, [...readRegistries(), config], answer.secret);
      services.log.info('dockerHub', `added Docker Hub (${config.auth === 'basic' ? `signed in as ${config.username}` : 'anonymous'}; namespaces ${namespaces.join(', ') || 'none added'})`);
    }),
    registerLogged(services.log, 'registryExplorer.addDockerHubNamespace', async (node?: unknown) => {
      const registry = await dockerHubOf(node, vscode.l10n.t('Add a namespace to'));
      if (!registry) return;
      const typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('Add a namespace to {0}', displayName(registry)), prompt: vscode.l10n.t('A Docker Hub user or organisation, or library for the official images'),
        placeHolder: vscode.l10n.t('library'), ignoreFocusOut: true,
        validateInput: (value) => (isValidNamespace(value.trim().toLowerCase()) ? undefined : vscode.l10n.t('A namespace has lowercase letters, digits, "-" or "_"')),
      });
      const namespace = typed?.trim().toLowerCase();
      if (!namespace) return;
      if (!(await namespaceExists(services, registry, namespace))) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Docker Hub has no namespace "{0}": nothing was added.', namespace));
        return;
      }
      const namespaces = [...new Set([...(registry.namespaces ?? []), namespace])];
      await saveRegistries(services, readRegistries().map((r) => (r.url === registry.url ? { ...registry, namespaces } : r)));
    }),
    registerLogged(services.log, 'registryExplorer.removeDockerHubNamespace', async (node?: unknown) => {
      const registry = await dockerHubOf(node, vscode.l10n.t('Remove a namespace from'));
      const added = registry?.namespaces ?? [];
      if (!registry) return;
      if (added.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} lists no added namespaces.', displayName(registry)));
        return;
      }
      const namespace = await vscode.window.showQuickPick(added, { title: vscode.l10n.t('Remove a namespace from {0}', displayName(registry)) });
      if (!namespace) return;
      const namespaces = added.filter((name) => name !== namespace);
      const updated: RegistryConfig = { ...registry, namespaces };
      if (namespaces.length === 0) delete updated.namespaces;
      await saveRegistries(services, readRegistries().map((r) => (r.url === registry.url ? updated : r)));
    }),
  ];
}

/** The namespaces to list besides the user's own; `library` is offered when nobody signs in. */
async function askNamespaces(config: RegistryConfig): Promise<string[] | undefined> {
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Docker Hub namespaces'),
    prompt: config.username
      ? vscode.l10n.t('Namespaces to list besides {0}: organisations, library, any public namespace (separated by commas; may be empty)', config.username)
      : vscode.l10n.t('Public namespaces to list, separated by commas (library holds the official images)'),
    value: config.username ? '' : 'library', ignoreFocusOut: true,
    validateInput: (value) => (parseNamespaces(value) ? undefined : vscode.l10n.t('A namespace has lowercase letters, digits, "-" or "_"')),
  });
  return typed === undefined ? undefined : parseNamespaces(typed);
}

/** The Docker Hub entry of the row (as saved now), or one picked among the Docker Hub entries. */
async function dockerHubOf(node: unknown, title: string): Promise<RegistryConfig | undefined> {
  const given = nodeArgument(node, 'registry');
  if (given) return readRegistries().find((r) => r.url === given.registry.url && isDockerHubEntry(r));
  if (!readRegistries().some(isDockerHubEntry)) {
    const add = vscode.l10n.t('Add Docker Hub');
    if (await vscode.window.showInformationMessage(vscode.l10n.t('Docker Hub is not in the explorer yet.'), add) === add) await vscode.commands.executeCommand('registryExplorer.addDockerHub');
    return undefined;
  }
  return pickRegistry(title, isDockerHubEntry);
}

async function namespaceExists(services: Services, registry: RegistryConfig, namespace: string): Promise<boolean> {
  const client = await services.clients.get(registry);
  if (!(client instanceof DockerHubClient)) return true;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for the namespace {0} on Docker Hub…', namespace), cancellable: true },
    (_progress, cancel) => {
      const abort = new AbortController();
      cancel.onCancellationRequested(() => abort.abort());
      return client.namespaceExists(namespace, abort.signal);
    },
  );
}
