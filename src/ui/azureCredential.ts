import * as vscode from 'vscode';
import { loadAzureCredential } from '../registry/auth/azure';
import { signInCredential, type TokenCredentialLike } from './azureSignIn';
import { authenticationProviderId } from './azure/azureSettings';
import type { RegistryConfig } from './registryConfig';

/** Entra ID for an `azure` registry: VS Code's Microsoft sign-in, DefaultAzureCredential (loaded lazily) where it is absent. */
export function azureCredentialFor(config: RegistryConfig, scope: string): TokenCredentialLike {
  return signInCredential({
    authentication: vscode.authentication,
    providerId: authenticationProviderId(),
    scope,
    tenantId: config.tenantId,
    fallback: () => loadAzureCredential(config.tenantId),
  });
}
