import * as vscode from 'vscode';
import type { RegistryConfig } from './registryConfig';

const DEFAULT_SCOPE = 'https://containerregistry.azure.net/.default';

/** Minimal shape of @azure/core-auth's TokenCredential, so this file needs no Azure import. */
interface TokenCredentialLike {
  getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/**
 * VS Code's built-in Microsoft sign-in first (no extra login for the user); where that provider
 * does not exist (code-server, some forks) falls back to DefaultAzureCredential, loaded lazily.
 */
export async function azureCredentialFor(config: RegistryConfig, audience: string | undefined): Promise<TokenCredentialLike> {
  const scope = audience || DEFAULT_SCOPE;
  const providerId = vscode.workspace.getConfiguration('registryExplorer').get<string>('azureAuthenticationProvider') || 'microsoft';
  let fallback: TokenCredentialLike | undefined;
  return {
    async getToken(requested) {
      if (!fallback) {
        try {
          const scopes = [scope, ...(config.tenantId ? [`VSCODE_TENANT:${config.tenantId}`] : [])];
          // Silent first: no prompt when the user already granted access to a signed-in account.
          const session = await vscode.authentication.getSession(providerId, scopes, { silent: true })
            ?? await vscode.authentication.getSession(providerId, scopes, { createIfNone: true });
          // VS Code refreshes sessions itself; asking each time keeps the token fresh.
          return { token: session.accessToken, expiresOnTimestamp: Date.now() + 5 * 60_000 };
        } catch {
          const { DefaultAzureCredential } = await import('@azure/identity');
          fallback = new DefaultAzureCredential(config.tenantId ? { tenantId: config.tenantId } : {});
        }
      }
      return fallback.getToken(requested);
    },
  };
}
