// Which Azure cloud the user chose, from user settings only: a workspace cannot point Resource
// Manager, and so the user's token, at another host.
import { scopeFromAudience } from '../../registry/auth/credentials';
import { azureCloud, withResourceManager, type AzureCloud } from '../../registry/azure/clouds';
import { userSetting } from '../registryConfig';

/** `registryExplorer.azureCloud`, with `registryExplorer.azureResourceManagerUrl` in place of its Resource Manager when set. */
export function chosenCloud(): AzureCloud {
  return withResourceManager(azureCloud(userSetting<string>('azureCloud')), userSetting<string>('azureResourceManagerUrl'));
}

/** Entra scope for ACR's data plane: `registryExplorer.azureAudience` when set, else the chosen cloud's. */
export function containerRegistryScope(): string {
  const audience = userSetting<string>('azureAudience')?.trim();
  return audience ? scopeFromAudience(audience) : azureCloud(userSetting<string>('azureCloud')).containerRegistryScope;
}

export function authenticationProviderId(): string {
  return userSetting<string>('azureAuthenticationProvider') || 'microsoft';
}
