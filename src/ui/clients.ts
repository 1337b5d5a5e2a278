import * as vscode from 'vscode';
import { RegistryClient, type RegistryClientOptions } from '../registry/client';
import { DockerHubClient } from '../registry/sources/dockerHub';
import { probeRegistry, type ProbeResult } from '../registry/probe';
import type { AuthConfig, RegistryEndpoint, RegistryService } from '../registry/types';
import { githubProviderId, githubRegistryFor } from './github';
import type { Log } from './log';
import { caCertificatesFor, timeoutSettings } from './networkSettings';
import { realmTrustPrompt } from './realmTrust';
import { azureCredentialFor } from './azureCredential';
import { containerRegistryScope } from './azure/azureSettings';
import { layoutService } from './layouts/layoutService';
import { hostOf, isLayout, isPlainHttp, readRegistries, secretKey, usesStoredSecret, type RegistryConfig } from './registryConfig';

/** Settings every client is built from; a change to one of them drops every client. */
const SETTINGS_OF_EVERY_CLIENT = [
  'http.proxy', 'http.proxyStrictSSL',
  'registryExplorer.caCertificates', 'registryExplorer.requestTimeoutSeconds', 'registryExplorer.idleTimeoutSeconds',
];
/** Settings only Azure sign-in reads. */
const SETTINGS_OF_AZURE_CLIENTS = ['registryExplorer.azureAudience', 'registryExplorer.azureAuthenticationProvider', 'registryExplorer.azureCloud'];
const isGhcr = (config: RegistryConfig): boolean => config.source === 'ghcr';

/**
 * One registry client per configured registry, built once even when several rows expand at the
 * same time (the pending build is shared), and dropped only when something it was built from
 * changes: its registry entry, its secret, or the proxy settings.
 */
export class RegistryClients implements vscode.Disposable {
  private readonly cache = new Map<string, { config: RegistryConfig; client: Promise<RegistryService> }>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: Log) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (SETTINGS_OF_EVERY_CLIENT.some((s) => e.affectsConfiguration(s))) this.drop(() => true);
        if (SETTINGS_OF_AZURE_CLIENTS.some((s) => e.affectsConfiguration(s))) this.drop((config) => config.auth === 'azure');
        if (e.affectsConfiguration('registryExplorer.githubAuthenticationProvider')) this.drop(isGhcr);
        if (e.affectsConfiguration('registryExplorer.registries')) {
          const current = new Set(readRegistries().map((r) => JSON.stringify(r)));
          this.drop((_, key) => !current.has(key));
        }
      }),
      secrets.onDidChange((e) => this.drop((config) => usesStoredSecret(config) && secretKey(config) === e.key)),
      // Signed out, or signed in with another account: GitHub clients hold the old token.
      vscode.authentication.onDidChangeSessions((e) => { if (e.provider.id === githubProviderId()) this.drop(isGhcr); }),
    );
  }

  get(config: RegistryConfig): Promise<RegistryService> {
    const key = JSON.stringify(config);
    const cached = this.cache.get(key);
    if (cached) return cached.client;
    const client = isLayout(config) ? Promise.resolve(layoutService(config)) : this.endpointFor(config).then((endpoint): RegistryService => {
      const options = { log: this.log.sink, userAgent: 'vscode-registry-explorer', confirmUntrustedRealm: realmTrustPrompt(config, this.log), timeouts: timeoutSettings() };
      if (isGhcr(config)) return githubRegistryFor(config, endpoint, options);
      return config.source === 'dockerHub' ? dockerHubClient(config, endpoint, options) : new RegistryClient(endpoint, options);
    });
    const entry = { config, client };
    this.cache.set(key, entry);
    // A failed build (no saved secret, a bad proxy setting) is tried again next time.
    client.catch(() => { if (this.cache.get(key) === entry) this.cache.delete(key); });
    return client;
  }

  /** A Docker Hub client for an entry that is not saved yet, signed in with `secret` when given (Add Docker Hub checks it first). */
  async dockerHubTrial(config: RegistryConfig, secret?: string): Promise<DockerHubClient> {
    const endpoint = await this.endpointFor({ ...config, auth: 'anonymous' });
    const auth: AuthConfig = secret && config.username ? { kind: 'basic', username: config.username, password: secret } : { kind: 'anonymous' };
    return dockerHubClient(config, { ...endpoint, auth }, { log: this.log.sink, userAgent: 'vscode-registry-explorer', timeouts: timeoutSettings() });
  }

  /** Tests a registry that may not be saved yet, without credentials but with the network settings every client gets. */
  async probe(config: RegistryConfig, signal?: AbortSignal): Promise<ProbeResult> {
    const endpoint = await this.endpointFor({ ...config, auth: 'anonymous' });
    return probeRegistry(config.url, { endpoint, log: this.log.sink, userAgent: 'vscode-registry-explorer', timeouts: timeoutSettings(), signal });
  }

  /** Built again on next use (after a new sign-in). */
  forget(config: RegistryConfig): void {
    this.drop((cached) => cached.url === config.url);
  }

  private drop(matches: (config: RegistryConfig, key: string) => boolean): void {
    for (const [key, entry] of [...this.cache]) if (matches(entry.config, key)) this.cache.delete(key);
  }

  private async endpointFor(config: RegistryConfig): Promise<RegistryEndpoint> {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = checkedProxy(http.get<string>('proxy'));
    return {
      host: hostOf(config.url),
      scheme: isPlainHttp(config) ? 'http' : 'https',
      // Plain HTTP beyond loopback only when the user said so (Add Registry asks).
      insecure: config.insecure === true,
      proxy,
      rejectUnauthorized: http.get<boolean>('proxyStrictSSL', true),
      trustedRealmHosts: config.trustedRealmHosts,
      caCertificates: await caCertificatesFor(config),
      auth: await this.authFor(config),
    };
  }

  private async authFor(config: RegistryConfig): Promise<AuthConfig> {
    // GHCR's credentials come from the GitHub sign-in, whatever `auth` says.
    if (isGhcr(config)) return { kind: 'anonymous' };
    switch (config.auth ?? 'anonymous') {
      case 'anonymous':
        return { kind: 'anonymous' };
      case 'dockerConfig':
        return { kind: 'dockerConfig' };
      case 'basic':
      case 'token': {
        const secret = await this.secrets.get(secretKey(config));
        if (!secret) throw new MissingSecretError(config);
        return config.auth === 'basic'
          ? { kind: 'basic', username: config.username ?? '', password: secret }
          : { kind: 'token', username: config.username, token: secret };
      }
      case 'azure': {
        const scope = containerRegistryScope();
        return { kind: 'azure', credential: azureCredentialFor(config, scope), audience: scope, tenantId: config.tenantId };
      }
    }
  }

  dispose(): void {
    this.cache.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Raised when a registry needs a password or token that secret storage does not hold. */
export class MissingSecretError extends Error {
  constructor(readonly config: RegistryConfig) {
    super(config.auth === 'token'
      ? vscode.l10n.t('No saved token for {0}: sign in again', hostOf(config.url))
      : vscode.l10n.t('No saved password for {0}: sign in again', hostOf(config.url)));
    this.name = 'MissingSecretError';
  }
}

/** The entry's Hub API and namespaces; the registry's Basic credentials (username and personal access token) sign in to the Hub API too. */
function dockerHubClient(config: RegistryConfig, endpoint: RegistryEndpoint, options: RegistryClientOptions): DockerHubClient {
  const credentials = endpoint.auth.kind === 'basic' ? { username: endpoint.auth.username, secret: endpoint.auth.password } : undefined;
  return new DockerHubClient(endpoint, { ...options, hubApiUrl: config.hubApiUrl, namespaces: config.namespaces, credentials });
}

/** VS Code's `http.proxy`, refused with a readable message (and without its credentials) when it is not a URL. */
export function checkedProxy(value: string | undefined): string | undefined {
  const proxy = value?.trim();
  if (!proxy) return undefined;
  try {
    const url = new URL(proxy);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
  } catch {
    throw new Error(vscode.l10n.t('VS Code\'s "http.proxy" setting is not an http:// or https:// URL; fix it in Settings'));
  }
  return proxy;
}
