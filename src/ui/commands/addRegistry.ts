// Add Registry: the URL, a connection test before anything is saved, then the sign-in. The test
// says what answered (API version, sign-in kind, catalog access); when nothing sensible answers the
// user reads why in plain words and chooses to edit the URL, save anyway, or cancel.
import * as vscode from 'vscode';
import { describeCatalog, describeSignIn, type ProbeResult } from '../../registry/probe';
import { DOCKER_HUB_REGISTRY } from '../../registry/reference';
import { errorMessage, isCancellation, messageOf } from '../errors';
import { canonicalRegistryUrl, hostOf, readRegistries, type AuthKind, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { describeFailure, registerLogged } from './registerLogged';
import { askAuth, confirmPlainHttp, sameHost, saveRegistries } from './registries';
import { addGitHubRegistry } from './addGitHubRegistry';
import { addLayoutFolder } from '../layouts/layoutCommands';
import { layoutFolderTyped } from '../layouts/layoutPaths';

/** Typed into Add Registry, these start Add Docker Hub instead (`docker.io` is normalised to the registry's host). */
const DOCKER_HUB_HOSTS = new Set([DOCKER_HUB_REGISTRY, 'hub.docker.com']);

type Tested = { probe?: ProbeResult } | 'edit' | undefined;

export function registerAddRegistry(services: Services): vscode.Disposable {
  // Takes no argument: the view's title bar hands over the selected row, which is no URL.
  return registerLogged(services.log, 'registryExplorer.addRegistry', async () => {
    let typed: string | undefined;
    for (;;) {
      typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('Add registry'), prompt: vscode.l10n.t('Registry URL'),
        placeHolder: vscode.l10n.t('https://myregistry.azurecr.io, https://ghcr.io, http://127.0.0.1:5000, or an OCI layout folder: /path/to/layout'),
        value: typed,
        validateInput: messageOf((text) => { if (layoutFolderTyped(text) === undefined) hostOf(text); }),
        ignoreFocusOut: true,
      });
      if (!typed) return;
      const folder = layoutFolderTyped(typed);
      if (folder !== undefined) {
        await addLayoutFolder(services, folder);
        return;
      }
      const url = canonicalRegistryUrl(typed);
      // Docker Hub has no catalog: its own flow lists namespaces through the Hub API.
      if (DOCKER_HUB_HOSTS.has(hostOf(url))) {
        await vscode.commands.executeCommand('registryExplorer.addDockerHub');
        return;
      }
      const existing = readRegistries();
      if (existing.some((r) => sameHost(r, url))) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} is already in the explorer.', hostOf(url)));
        return;
      }
      if (hostOf(url) === 'ghcr.io') {
        const choice = await askGhcrSignIn();
        if (!choice) return;
        if (choice === 'github') {
          await addGitHubRegistry(services);
          return;
        }
      }
      const insecure = await confirmPlainHttp(url);
      if (insecure === undefined) return;
      const config: RegistryConfig = { url, ...(insecure ? { insecure } : {}) };
      const tested = await testConnection(services, config);
      if (tested === 'edit') continue;
      if (!tested) return;
      const answer = await askAuth(config, tested.probe ? suggestedAuth(tested.probe) : undefined);
      if (!answer) return;
      await saveRegistries(services, [...readRegistries(), answer.config], answer.secret);
      services.log.info('registries', `added ${answer.config.url} (${answer.config.auth})`);
      return;
    }
  });
}

/** The probe's findings, or after a failure the user's choice: edit the URL, save without them, or cancel (undefined). */
export async function testConnection(services: Services, config: RegistryConfig): Promise<Tested> {
  const host = hostOf(config.url);
  try {
    const probe = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing the connection to {0}…', host), cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return services.clients.probe(config, abort.signal);
      },
    );
    services.log.info('addRegistry', `${host}: API ${probe.apiVersion ?? 'not stated'}; sign-in ${describeSignIn(probe.signIn)}; catalog ${describeCatalog(probe.catalog)}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} answers: API {1}; sign-in: {2}; catalog: {3}.',
      host, probe.apiVersion ?? vscode.l10n.t('version not stated'), describeSignIn(probe.signIn), describeCatalog(probe.catalog)));
    return { probe };
  } catch (error) {
    if (isCancellation(error)) return undefined;
    services.log.warn('addRegistry', `connection test of ${host} failed: ${describeFailure(error)}`);
    const editUrl = vscode.l10n.t('Edit URL');
    const saveAnyway = vscode.l10n.t('Save Anyway');
    const choice = await vscode.window.showWarningMessage(errorMessage(error), {
      modal: true,
      detail: vscode.l10n.t('The connection test of {0} failed. Edit the URL, save the registry anyway (for example when it is not running yet), or cancel.', host),
    }, editUrl, saveAnyway);
    return choice === editUrl ? 'edit' : choice === saveAnyway ? {} : undefined;
  }
}

/** The sign-in kind the registry's challenge points to, listed first; a bearer realm can take a password or a token, so none is. */
function suggestedAuth(probe: ProbeResult): AuthKind | undefined {
  switch (probe.signIn.kind) {
    case 'none': return 'anonymous';
    case 'basic': return 'basic';
    case 'acr': return 'azure';
    default: return undefined;
  }
}

/** ghcr.io: VS Code's GitHub sign-in (packages listed) or a sign-in of the registry's own (a token, Docker credentials). */
async function askGhcrSignIn(): Promise<'github' | 'other' | undefined> {
  const picked = await vscode.window.showQuickPick([
    { choice: 'github' as const, label: vscode.l10n.t('GitHub sign-in'), detail: vscode.l10n.t('VS Code\'s GitHub account; lists your packages and your organisations\'') },
    { choice: 'other' as const, label: vscode.l10n.t('Another sign-in'), detail: vscode.l10n.t('A token, username and password, or Docker credentials; packages are added by name') },
  ], { title: vscode.l10n.t('Sign-in for {0}', 'ghcr.io'), ignoreFocusOut: true });
  return picked?.choice;
}
