// Entra ID (Azure AD) credentials for Azure Container Registry. @azure/identity is loaded only when
// Azure sign-in is actually used, so nothing Azure is evaluated for other registries.

/** The part of @azure/core-auth's TokenCredential we use. */
export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: { tenantId?: string; abortSignal?: unknown }): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

export async function loadAzureCredential(tenantId?: string): Promise<TokenCredentialLike> {
  const identity = await import('@azure/identity');
  return new identity.DefaultAzureCredential(tenantId ? { tenantId } : undefined);
}
