// Asks the user, once, whether a registry's token service on another host may receive the
// registry's credentials, and remembers a yes in that registry's settings entry (trustedRealmHosts).
import * as vscode from 'vscode';
import { readRegistries, writeRegistries, type RegistryConfig } from './registryConfig';
import type { Log } from './log';

/** Questions on screen, so that clients of one registry asking at the same time share one dialog. */
const pending = new Map<string, Promise<boolean>>();

/** The question for `config`'s registry; a yes is written to its entry in `registryExplorer.registries`. */
export function realmTrustPrompt(config: RegistryConfig, log: Log): (registryHost: string, realmHost: string) => Promise<boolean> {
  return (registryHost, realmHost) => {
    // An older client of this registry may ask after the answer was saved: the saved answer stands.
    if (entryOf(readRegistries(), config)?.trustedRealmHosts?.includes(realmHost)) return Promise.resolve(true);
    const key = `${config.url}\n${realmHost}`;
    let question = pending.get(key);
    if (!question) {
      question = ask(config, registryHost, realmHost, log).finally(() => pending.delete(key));
      pending.set(key, question);
    }
    return question;
  };
}

async function ask(config: RegistryConfig, registryHost: string, realmHost: string, log: Log): Promise<boolean> {
  const trust = vscode.l10n.t('Trust {0}', realmHost);
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} wants your credentials sent to {1}, another host, to sign in. Trust {1} for {0}?', registryHost, realmHost),
    {
      modal: true,
      detail: vscode.l10n.t(
        'A registry may name any host as its token service. Trust {0} only if you know it is the sign-in service of {1}; otherwise your password or token could go to someone else. A yes is remembered in this registry\'s settings (trustedRealmHosts).',
        realmHost, registryHost),
    },
    trust,
  );
  if (answer !== trust) {
    log.sink('info', 'registries', `credentials for ${registryHost} were not sent to ${realmHost}: not trusted`);
    return false;
  }
  const registries = readRegistries();
  const entry = entryOf(registries, config);
  // A registry removed meanwhile keeps the trust in memory only, until VS Code reloads.
  if (entry && !entry.trustedRealmHosts?.includes(realmHost)) {
    entry.trustedRealmHosts = [...(entry.trustedRealmHosts ?? []), realmHost];
    await writeRegistries(registries);
  }
  log.sink('info', 'registries', `${realmHost} trusted as the token service of ${registryHost}`);
  return true;
}

function entryOf(registries: RegistryConfig[], config: RegistryConfig): RegistryConfig | undefined {
  return registries.find((r) => r.url === config.url && r.name === config.name);
}
