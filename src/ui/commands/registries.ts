import * as vscode from 'vscode';
import { messageOf } from '../errors';
import { isLoopbackHost, validateRepositoryName } from '../../registry/reference';
import { displayName, hostOf, isAzureHost, isPlainHttp, readRegistries, secretKey, writeRegistries, type AuthKind, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import type { TreeNode } from '../tree/nodes';
import { pickRegistry } from './pickers';

/** Add, edit, remove registries and sign in; secrets go to SecretStorage only. */
export function registerRegistryCommands(services: Services): vscode.Disposable[] {
  const { secrets } = services.context;
  const changeSignIn = async (node: TreeNode | undefined, keepKind: boolean) => {
    const registry = await registryOf(node);
    if (!registry) return;
    const updated = await askAuth({ ...registry }, secrets, keepKind ? registry.auth : undefined);
    if (!updated) return;
    await replaceRegistry(registry, updated);
    services.tree.refresh();
  };
  return [
    // `preset` lets scripts, other extensions and tests add a registry without the prompts.
    vscode.commands.registerCommand('registryExplorer.addRegistry', async (url?: string, preset?: AuthPreset) => {
      const entered = url ?? await vscode.window.showInputBox({
        title: 'Add registry', prompt: 'Registry URL',
        placeHolder: 'https://myregistry.azurecr.io, https://ghcr.io, http://127.0.0.1:5000',
        validateInput: messageOf(hostOf),
      });
      if (!entered) return;
      const normalized = normalizeUrl(entered);
      const insecure = preset?.insecure ?? await confirmPlainHttp(normalized);
      if (insecure === undefined) return;
      const existing = readRegistries();
      if (existing.some((r) => hostOf(r.url) === hostOf(normalized))) {
        void vscode.window.showInformationMessage(`${hostOf(normalized)} is already in the explorer.`);
        return;
      }
      const base: RegistryConfig = { url: normalized, ...(insecure ? { insecure } : {}) };
      const config = preset ? await applyPreset({ ...base, name: preset.name }, preset, secrets) : await askAuth(base, secrets);
      if (!config) return;
      await writeRegistries([...existing, config]);
      services.log.info('registries', `added ${config.url} (${config.auth})`);
      services.tree.refresh();
    }),
    // Edit offers every sign-in kind; Sign In puts the current one first (usually just a new secret).
    vscode.commands.registerCommand('registryExplorer.editRegistry', (node?: TreeNode) => changeSignIn(node, false)),
    vscode.commands.registerCommand('registryExplorer.signIn', (node?: TreeNode) => changeSignIn(node, true)),
    // `confirmed` lets scripts and tests skip the modal; people always see it.
    vscode.commands.registerCommand('registryExplorer.removeRegistry', async (node?: TreeNode, confirmed = false) => {
      const registry = await registryOf(node);
      if (!registry) return;
      const answer = confirmed === true ? 'Remove' : await vscode.window.showWarningMessage(`Remove ${displayName(registry)} from the explorer? Its saved secret is deleted too; nothing on the registry changes.`, { modal: true }, 'Remove');
      if (answer !== 'Remove') return;
      await secrets.delete(secretKey(registry));
      await writeRegistries(readRegistries().filter((r) => r.url !== registry.url));
      services.tree.refresh();
    }),
    vscode.commands.registerCommand('registryExplorer.addRepository', async (node?: TreeNode, name?: string) => {
      const registry = await registryOf(node);
      if (!registry) return;
      const repository = name ?? await vscode.window.showInputBox({
        title: `Add repository to ${displayName(registry)}`, prompt: 'Repository name', placeHolder: 'team/app',
        validateInput: messageOf(validateRepositoryName),
      });
      if (!repository) return;
      const repositories = [...new Set([...(registry.repositories ?? []), repository])];
      await replaceRegistry(registry, { ...registry, repositories });
      services.tree.refresh();
    }),
  ];
}

/** Sign-in given up front instead of asked for; the secret still goes to SecretStorage only. */
interface AuthPreset { name?: string; auth: AuthKind; username?: string; secret?: string; insecure?: boolean }

async function applyPreset(config: RegistryConfig, preset: AuthPreset, secrets: vscode.SecretStorage): Promise<RegistryConfig> {
  const result: RegistryConfig = { ...config, auth: preset.auth, ...(preset.username ? { username: preset.username } : {}) };
  if (!result.name) delete result.name;
  if (preset.secret) await secrets.store(secretKey(result), preset.secret);
  return result;
}

/**
 * false for HTTPS and loopback; for plain HTTP to another host, true only after the user agrees
 * (everything, credentials included, would cross the network unencrypted); undefined = cancelled.
 */
async function confirmPlainHttp(url: string): Promise<boolean | undefined> {
  if (!isPlainHttp({ url }) || isLoopbackHost(hostOf(url))) return false;
  const answer = await vscode.window.showWarningMessage(
    `${hostOf(url)} would be reached over plain HTTP.`,
    { modal: true, detail: 'Images, and any password or token, would cross the network unencrypted. Use https:// unless this registry is on a network you trust.' },
    'Use Plain HTTP',
  );
  return answer === 'Use Plain HTTP' ? true : undefined;
}

async function registryOf(node: TreeNode | undefined): Promise<RegistryConfig | undefined> {
  if (node && 'registry' in node) return readRegistries().find((r) => r.url === node.registry.url) ?? node.registry;
  return pickRegistry();
}

async function replaceRegistry(old: RegistryConfig, updated: RegistryConfig): Promise<void> {
  await writeRegistries(readRegistries().map((r) => (r.url === old.url ? updated : r)));
}

function normalizeUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/** Asks how to sign in; stores the password or token in SecretStorage, never in settings. */
async function askAuth(config: RegistryConfig, secrets: vscode.SecretStorage, preselect?: AuthKind): Promise<RegistryConfig | undefined> {
  const host = hostOf(config.url);
  const choices: Array<vscode.QuickPickItem & { auth: AuthKind }> = [
    { auth: 'anonymous', label: 'Anonymous', detail: 'Public content; no credentials' },
    { auth: 'basic', label: 'Username and password', detail: 'Stored in VS Code secret storage' },
    { auth: 'token', label: 'Token', detail: 'A personal access token or registry token (GHCR, Quay, Harbor robot, ACR token)' },
    { auth: 'dockerConfig', label: 'Docker credentials', detail: '~/.docker/config.json, including credential helpers' },
    { auth: 'azure', label: 'Microsoft Entra ID (Azure)', detail: 'VS Code\'s Microsoft sign-in, else DefaultAzureCredential' },
  ];
  const first = preselect ?? (isAzureHost(host) ? 'azure' : undefined);
  if (first) choices.sort((a, b) => (a.auth === first ? -1 : b.auth === first ? 1 : 0));
  const picked = await vscode.window.showQuickPick(choices, { title: `Sign-in for ${host}`, placeHolder: 'How should the explorer authenticate?' });
  if (!picked) return undefined;
  const result: RegistryConfig = { ...config, auth: picked.auth };
  delete result.username;
  if (picked.auth === 'basic' || picked.auth === 'token') {
    const username = await vscode.window.showInputBox({ title: `Sign-in for ${host}`, prompt: picked.auth === 'token' ? 'Username (optional for some registries)' : 'Username', value: config.username, ignoreFocusOut: true });
    if (username === undefined) return undefined;
    if (username) result.username = username;
    const secret = await vscode.window.showInputBox({ title: `Sign-in for ${host}`, prompt: picked.auth === 'token' ? 'Token' : 'Password', password: true, ignoreFocusOut: true });
    if (!secret) return undefined;
    await secrets.store(secretKey(result), secret);
  }
  return result;
}
