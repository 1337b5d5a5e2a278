// The GHCR source in VS Code: its client from a registry entry, and the GitHub sign-in it uses.
import * as vscode from 'vscode';
import { GitHubRegistry } from '../registry/sources/github';
import type { RegistryClientOptions } from '../registry/client';
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
  return new GitHubRegistry({
    // Its `auth` is replaced by the GitHub sign-in's.
    endpoint,
    apiUrl: config.githubApiUrl,
    sessions: githubSessions(vscode.authentication, githubProviderId()),
    client,
  });
}

/** Signs in (or reuses the session VS Code has); the GitHub login, or undefined when the user cancelled. */
export function signInForGhcr(): Promise<string | undefined> {
  return signInToGitHub(vscode.authentication, githubProviderId());
}
