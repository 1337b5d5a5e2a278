import * as vscode from 'vscode';
import { DEFAULT_ACR_SCOPE } from '../registry/acr';
import { loadAzureCredential } from '../registry/auth/azure';
import { signInCredential, type TokenCredentialLike } from './azureSignIn';
import { userSetting, type RegistryConfig } from './registryConfig';

/** Entra ID for an `azure` registry: VS Code's Microsoft sign-in, DefaultAzureCredential (loaded lazily) where it is absent. */
export function azureCredentialFor(config: RegistryConfig, audience: string | undefined): TokenCredentialLike {
  return signInCredential({
    authentication: vscode.authentication,
    providerId: userSetting<string>('azureAuthenticationProvider') || 'microsoft',
    scope: audience || DEFAULT_ACR_SCOPE,
    tenantId: config.tenantId,
    fallback: () => loadAzureCredential(config.tenantId),
  });
}
