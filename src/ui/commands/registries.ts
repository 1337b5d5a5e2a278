import * as vscode from 'vscode';
import { messageOf } from '../errors';
import { isAcrHost } from '../../registry/acr';
import { isLoopbackHost, validateRepositoryName } from '../../registry/reference';
import { displayName, hostOf, isPlainHttp, readRegistries, writeRegistries, type AuthKind, type RegistryConfig } from '../registryConfig';
import { signInForGhcr } from '../github';
import { forgetUnusedSecrets, storeSecret, type NewSecret } from '../secrets';
import type { Services } from '../services';
import { nodeArgument } from './nodeArgs';
import { registerLogged } from './registerLogged';
import { pickRegistry } from './pickers';
import { askDockerHubSignIn } from './dockerHubSignIn';

/** Writes the registry list and deletes every secret it no longer uses. */
export async function saveRegistries(services: Services, registries: RegistryConfig[], secret?: NewSecret): Promise<void> {
  if (secret) await storeSecret(services.context.secrets, secret);
  await writeRegistries(registries);
  await forgetUnusedSecrets(services.context.secrets, registries);
  services.tree.refresh();
}

/** Edit, remove registries and sign in; secrets go to SecretStorage only. */
export function registerRegistryCommands(services: Services): vscode.Disposable[] {
  const save = (registries: RegistryConfig[], secret?: NewSecret) => saveRegistries(services, registries, secret);
  const changeSignIn = async (argument: unknown, keepKind: boolean) => {
    const registry = await registryOf(argument);
    if (!registry) return;
    if (registry.source === 'ghcr') {
      // VS Code keeps the GitHub session: signing in again is asking it, then listing afresh.
      if (!await signInForGhcr()) return;
      services.clients.forget(registry);
      services.tree.refresh();
      return;
    }
    // A Docker Hub entry signs in with a personal access token that the Hub API checks first.
    const answer = registry.source === 'dockerHub' ? await askDockerHubSignIn(services, registry) : await askAuth({ ...registry }, keepKind ? registry.auth : undefined);
    if (!answer) return;
    await save(readRegistries().map((r) => (r.url === registry.url ? answer.config : r)), answer.secret);
  };
  // Every command takes at most the node it was invoked on: nothing a link or a script passes can
  // skip a question, a confirmation or the plain-HTTP consent.
  return [
    // Edit offers every sign-in kind; Sign In puts the current one first (usually just a new secret).
    registerLogged(services.log, 'registryExplorer.editRegistry', (node?: unknown) => changeSignIn(node, false)),
    registerLogged(services.log, 'registryExplorer.signIn', (node?: unknown) => changeSignIn(node, true)),
    registerLogged(services.log, 'registryExplorer.removeRegistry', async (node?: unknown) => {
      const registry = await registryOf(node);
      if (!registry) return;
      const remove = vscode.l10n.t('Remove');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Remove {0} from the explorer? Its saved secret is deleted too; nothing on the registry changes.', displayName(registry)), { modal: true }, remove);
      if (answer !== remove) return;
      await save(readRegistries().filter((r) => r.url !== registry.url));
    }),
    registerLogged(services.log, 'registryExplorer.addRepository', async (node?: unknown) => {
      const registry = await registryOf(node);
      if (!registry) return;
      const repository = await vscode.window.showInputBox({
        title: vscode.l10n.t('Add repository to {0}', displayName(registry)), prompt: vscode.l10n.t('Repository name'), placeHolder: vscode.l10n.t('team/app'),
        validateInput: messageOf(validateRepositoryName),
      });
      if (!repository) return;
      const repositories = [...new Set([...(registry.repositories ?? []), repository])];
      await save(readRegistries().map((r) => (r.url === registry.url ? { ...registry, repositories } : r)));
    }),
    // Only repositories added by name: the others come from the registry's catalog.
    registerLogged(services.log, 'registryExplorer.removeRepository', async (node?: unknown) => {
      const given = nodeArgument(node, 'repository');
      const registry = given ? readRegistries().find((r) => r.url === given.registry.url) : await pickRegistry(vscode.l10n.t('Remove a repository added by name'));
      const repository = given?.pinned ? given.repository : given ? undefined : await pickAddedRepository(registry);
      if (!registry || !repository || !registry.repositories?.includes(repository)) return;
      const repositories = registry.repositories.filter((name) => name !== repository);
      await save(readRegistries().map((r) => (r.url === registry.url ? { ...registry, repositories: repositories.length ? repositories : undefined } : r)));
    }),
  ];
}

async function pickAddedRepository(registry: RegistryConfig | undefined): Promise<string | undefined> {
  const names = registry?.repositories ?? [];
  if (!registry || names.length === 0) return undefined;
  return vscode.window.showQuickPick(names, { title: vscode.l10n.t('Remove a repository added by name from {0}', displayName(registry)) });
}

export function sameHost(registry: RegistryConfig, url: string): boolean {
  try {
    return hostOf(registry.url) === hostOf(url);
  } catch {
    return false;
  }
}

/**
 * false for HTTPS and loopback; for plain HTTP to another host, true only after the user agrees
 * (everything, credentials included, would cross the network unencrypted); undefined = cancelled.
 */
export async function confirmPlainHttp(url: string): Promise<boolean | undefined> {
  if (!isPlainHttp({ url }) || isLoopbackHost(hostOf(url))) return false;
  const usePlainHttp = vscode.l10n.t('Use Plain HTTP');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} would be reached over plain HTTP.', hostOf(url)),
    { modal: true, detail: vscode.l10n.t('Images, and any password or token, would cross the network unencrypted. Use https:// unless this registry is on a network you trust.') },
    usePlainHttp,
  );
  return answer === usePlainHttp ? true : undefined;
}

/** The configured registry a node belongs to (as saved now), or one picked from the list. */
export async function registryOf(argument: unknown): Promise<RegistryConfig | undefined> {
  const node = nodeArgument(argument, 'registry', 'repository', 'tag', 'manifest', 'blob', 'referrers');
  if (node) return readRegistries().find((r) => r.url === node.registry.url);
  return pickRegistry();
}

/** Asks how to sign in. The secret is returned for the caller to store, never put in settings. */
export async function askAuth(config: RegistryConfig, preselect?: AuthKind): Promise<{ config: RegistryConfig; secret?: NewSecret } | undefined> {
  const host = hostOf(config.url);
  const choices: Array<vscode.QuickPickItem & { auth: AuthKind }> = [
    { auth: 'anonymous', label: vscode.l10n.t('Anonymous'), detail: vscode.l10n.t('Public content; no credentials') },
    { auth: 'basic', label: vscode.l10n.t('Username and password'), detail: vscode.l10n.t('Stored in VS Code secret storage') },
    { auth: 'token', label: vscode.l10n.t('Token'), detail: vscode.l10n.t('A personal access token or registry token (GHCR, Quay, Harbor robot, ACR token)') },
    { auth: 'dockerConfig', label: vscode.l10n.t('Docker credentials'), detail: vscode.l10n.t('~/.docker/config.json, including credential helpers') },
    { auth: 'azure', label: vscode.l10n.t('Microsoft Entra ID (Azure)'), detail: vscode.l10n.t('VS Code\'s Microsoft sign-in, else DefaultAzureCredential') },
  ];
  const first = preselect ?? (isAcrHost(host) ? 'azure' : undefined);
  if (first) choices.sort((a, b) => (a.auth === first ? -1 : b.auth === first ? 1 : 0));
  const picked = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Sign-in for {0}', host), placeHolder: vscode.l10n.t('How should the explorer authenticate?'), ignoreFocusOut: true });
  if (!picked) return undefined;
  const result: RegistryConfig = { ...config, auth: picked.auth };
  delete result.username;
  if (picked.auth !== 'basic' && picked.auth !== 'token') return { config: result };
  const username = await vscode.window.showInputBox({ title: vscode.l10n.t('Sign-in for {0}', host), prompt: picked.auth === 'token' ? vscode.l10n.t('Username (optional for some registries)') : vscode.l10n.t('Username'), value: config.username, ignoreFocusOut: true });
  if (username === undefined) return undefined;
  if (username) result.username = username;
  const secret = await vscode.window.showInputBox({ title: vscode.l10n.t('Sign-in for {0}', host), prompt: picked.auth === 'token' ? vscode.l10n.t('Token') : vscode.l10n.t('Password'), password: true, ignoreFocusOut: true });
  if (!secret) return undefined;
  return { config: result, secret: { registry: result, value: secret } };
}
