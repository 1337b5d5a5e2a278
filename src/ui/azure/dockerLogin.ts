// Log in to Docker: for registries that sign in with Microsoft Entra ID, an ACR refresh token is
// written where the docker CLI reads it (Docker's config file, or its credential helper), after the
// user agreed to a secret being stored there. The token itself is never shown or logged.
import * as vscode from 'vscode';
import { dockerLoginTarget, writeDockerIdentityToken, type DockerLoginTarget } from '../../registry/auth/dockerConfigWrite';
import { jwtExpiryMs } from '../../registry/auth/jwt';
import { nodeArguments } from '../commands/nodeArgs';
import { pickRegistry } from '../commands/pickers';
import { confirmDestructive } from '../confirm';
import { displayName, hostOf, readRegistries, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';

const signsInWithEntra = (registry: RegistryConfig): boolean => registry.auth === 'azure';

export async function logInToDocker(services: Services, clicked?: unknown, selected?: unknown): Promise<void> {
  const rows = nodeArguments(clicked, selected, 'registry').map((row) => readRegistries().find((r) => r.url === row.registry.url));
  const registries = rows.filter((r): r is RegistryConfig => r !== undefined && signsInWithEntra(r));
  if (rows.length === 0) {
    if (!readRegistries().some(signsInWithEntra)) {
      const add = vscode.l10n.t('Add Azure Container Registry…');
      const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Log in to Docker works for registries that sign in with Microsoft Entra ID, and none does yet.'), add);
      if (answer === add) await vscode.commands.executeCommand('registryExplorer.addAzureRegistry');
      return;
    }
    const picked = await pickRegistry(vscode.l10n.t('Log in to Docker'), signsInWithEntra);
    if (picked) registries.push(picked);
  }
  if (registries.length === 0) {
    const names = rows.filter((r): r is RegistryConfig => r !== undefined).map(displayName).join(', ');
    if (names) void vscode.window.showInformationMessage(vscode.l10n.t('{0} does not sign in with Microsoft Entra ID: Log in to Docker has no token to write for it.', names));
    return;
  }
  const hosts = registries.map((r) => hostOf(r.url));
  const targets = await Promise.all(hosts.map((host) => dockerLoginTarget(host)));
  if (!(await confirmed(hosts, targets))) return;
  const written = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Logging Docker in to {0}…', hosts.join(', ')), cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const results: Array<{ host: string; target: DockerLoginTarget; expires?: number }> = [];
      for (const registry of registries) {
        const client = await services.clients.get(registry);
        if (!client.acrRefreshToken) throw new Error(vscode.l10n.t('{0} cannot hand out a token for Docker', displayName(registry)));
        const refreshToken = await client.acrRefreshToken({ signal: abort.signal });
        const host = hostOf(registry.url);
        results.push({ host, target: await writeDockerIdentityToken(host, refreshToken), expires: jwtExpiryMs(refreshToken) });
      }
      return results;
    },
  );
  for (const { host, target } of written) {
    services.log.info('dockerLogin', `${host}: refresh token written to ${target.kind === 'helper' ? `docker-credential-${target.helper}` : target.path}`);
  }
  const latest = Math.min(...written.map((w) => w.expires ?? Number.POSITIVE_INFINITY));
  void vscode.window.showInformationMessage(Number.isFinite(latest)
    ? vscode.l10n.t('docker can now pull from and push to {0}. The token is valid until {1}; run Log in to Docker again after that.', hosts.join(', '), new Date(latest).toLocaleTimeString())
    : vscode.l10n.t('docker can now pull from and push to {0}.', hosts.join(', ')));
}

/** Writing a secret to disk (or to a credential store) is said and asked first, naming where. */
async function confirmed(hosts: string[], targets: DockerLoginTarget[]): Promise<boolean> {
  const places = [...new Set(targets.map((t) => (t.kind === 'helper'
    ? vscode.l10n.t('the credential helper docker-credential-{0} (named in {1})', t.helper, t.path)
    : t.path)))];
  return confirmDestructive(
    vscode.l10n.t('Log Docker in to {0}?', hosts.join(', ')),
    vscode.l10n.t('A refresh token of your Microsoft Entra sign-in for {0} is written to {1}. Anyone who can read it can pull and push as you until it expires (about three hours).', hosts.join(', '), places.join(', ')),
    vscode.l10n.t('Write Token'),
  );
}
