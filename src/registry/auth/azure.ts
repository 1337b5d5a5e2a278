// Entra ID (Azure AD) credentials for Azure Container Registry. @azure/identity is loaded only when
// Azure sign-in is actually used, so nothing Azure is evaluated for other registries.

/**
 * Default Entra scope for ACR's data plane. ACR also accepts ARM-audience tokens
 * (`https://management.azure.com/.default`, or the national-cloud ARM host), unless the registry
 * disables ARM-audience tokens; the ACR audience works in both cases, so it is the default.
 */
export const DEFAULT_ACR_SCOPE = 'https://containerregistry.azure.net/.default';

/** The part of @azure/core-auth's TokenCredential we use. */
export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: { tenantId?: string; abortSignal?: unknown }): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

export async function loadAzureCredential(tenantId?: string): Promise<TokenCredentialLike> {
  const identity = await import('@azure/identity');
  return new identity.DefaultAzureCredential(tenantId ? { tenantId } : undefined);
}
