// The GHCR source in VS Code: its client from a registry entry, and the GitHub sign-in it uses.
import * as vscode from 'vscode';
import { GitHubRegistry } from '../registry/sources/github';
import type { RegistryClientOptions } from '../registry/client';
import { DEFAULT_GITHUB_API_URL, normalizeApiUrl } from '../registry/sources/githubApi';
import type { RegistryEndpoint } from '../registry/types';
import { DEFAULT_GITHUB_PROVIDER, githubSessions, signInToGitHub } from './githubSignIn';
import { userSetting, type RegistryConfig } from './registryConfig';

/** The entry Add GitHub Container Registry writes. */
export const GITHUB_CONTAINER_REGISTRY: RegistryConfig = { name: 'GitHub Container Registry', url: 'https://ghcr.io', source: 'ghcr' };

/** `registryExplorer.githubAuthenticationProvider` (user settings only). */
export function githubProviderId(): string {
  return userSetting<string>('githubAuthenticationProvider')?.trim() || DEFAULT_GITHUB_PROVIDER;
}

export function githubRegistryFor(config: RegistryConfig, endpoint: RegistryEndpoint, client: RegistryClientOptions): GitHubRegistry {
  const providerId = githubProviderId();
  // github.com's tokens go to github.com's API and ghcr.io only, never to a host an entry names.
  if (providerId === DEFAULT_GITHUB_PROVIDER && (endpoint.host !== 'ghcr.io' || normalizeApiUrl(config.githubApiUrl) !== DEFAULT_GITHUB_API_URL)) {
    throw new Error(vscode.l10n.t('The "github" sign-in is for github.com: for {0}, name its GitHub Enterprise sign-in in the registryExplorer.githubAuthenticationProvider setting', endpoint.host));
  }
  return new GitHubRegistry({
    // Its `auth` is replaced by the GitHub sign-in's.
    endpoint,
    apiUrl: config.githubApiUrl,
    sessions: githubSessions(vscode.authentication, providerId),
    client,
  });
}

/** Signs in (or reuses the session VS Code has); the GitHub login, or undefined when the user cancelled. */
export function signInForGhcr(): Promise<string | undefined> {
  return signInToGitHub(vscode.authentication, githubProviderId());
}
