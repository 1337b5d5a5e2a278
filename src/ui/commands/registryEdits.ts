// Rename a registry (its display name only) and edit its URL. A password or token follows the URL
// to its new secret key and the old key is deleted; consents that named the old host (plain HTTP,
// token services trusted to receive its credentials) are asked again rather than carried over.
import * as vscode from 'vscode';
import { messageOf } from '../errors';
import { canonicalRegistryUrl, displayName, hostOf, readRegistries, secretKey, usesStoredSecret, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { testConnection } from './addRegistry';
import { registerLogged } from './registerLogged';
import { confirmPlainHttp, registryOf, sameHost, saveRegistries } from './registries';

export function registerRegistryEdits(services: Services): vscode.Disposable[] {
  const replace = (old: RegistryConfig, updated: RegistryConfig) => readRegistries().map((r) => (r.url === old.url ? updated : r));
  return [
    registerLogged(services.log, 'registryExplorer.renameRegistry', async (node?: unknown) => {
      const registry = await registryOf(node);
      if (!registry) return;
      const name = await vscode.window.showInputBox({
        title: vscode.l10n.t('Rename {0}', displayName(registry)),
        prompt: vscode.l10n.t('Display name (empty: show the host)'),
        value: registry.name ?? '',
      });
      if (name === undefined) return;
      const updated: RegistryConfig = { ...registry, name: name.trim() || undefined };
      if (!updated.name) delete updated.name;
      await saveRegistries(services, replace(registry, updated));
    }),
    registerLogged(services.log, 'registryExplorer.editRegistryUrl', async (node?: unknown) => {
      const registry = await registryOf(node);
      if (!registry) return;
      let typed: string | undefined = registry.url;
      let updated: RegistryConfig | undefined;
      while (!updated) {
        typed = await vscode.window.showInputBox({
          title: vscode.l10n.t('Edit the URL of {0}', displayName(registry)), prompt: vscode.l10n.t('Registry URL'),
          value: typed, validateInput: messageOf(hostOf), ignoreFocusOut: true,
        });
        if (!typed) return;
        const url = canonicalRegistryUrl(typed);
        if (url === registry.url) return;
        if (readRegistries().some((r) => r.url !== registry.url && sameHost(r, url))) {
          void vscode.window.showInformationMessage(vscode.l10n.t('{0} is already in the explorer.', hostOf(url)));
          return;
        }
        const insecure = await confirmPlainHttp(url);
        if (insecure === undefined) return;
        const candidate = movedTo(registry, url, insecure);
        const tested = await testConnection(services, candidate);
        if (tested === undefined) return;
        if (tested !== 'edit') updated = candidate;
      }
      await moveSecret(services.context.secrets, registry, updated);
      await saveRegistries(services, replace(registry, updated));
      services.log.info('registries', `${registry.url} is now ${updated.url}`);
    }),
  ];
}

/** The entry at its new URL; consents given for the old host are dropped when the host changes. */
function movedTo(registry: RegistryConfig, url: string, insecure: boolean): RegistryConfig {
  const moved: RegistryConfig = { ...registry, url };
  delete moved.insecure;
  if (insecure) moved.insecure = true;
  if (hostOf(url) !== hostOf(registry.url)) delete moved.trustedRealmHosts;
  return moved;
}

/** Copies the saved password or token to the new entry's key; saving then deletes the old key, now unused. */
async function moveSecret(secrets: vscode.SecretStorage, from: RegistryConfig, to: RegistryConfig): Promise<void> {
  if (!usesStoredSecret(from) || secretKey(from) === secretKey(to)) return;
  const value = await secrets.get(secretKey(from));
  if (value !== undefined) await secrets.store(secretKey(to), value);
}
