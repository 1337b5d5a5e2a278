// Entra ID (Azure AD) credentials for Azure Container Registry. @azure/identity is loaded only when
// Azure sign-in is actually used, from its own bundle file, so nothing Azure is parsed for other registries.

/** The part of @azure/core-auth's TokenCredential we use. */
export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: { tenantId?: string; abortSignal?: unknown }): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

export async function loadAzureCredential(tenantId?: string): Promise<TokenCredentialLike> {
  // A plain require, like the bundle's other on-demand files: no ES module loader involved.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DefaultAzureCredential } = require('./azureIdentity.js') as typeof import('./azureIdentity');
  return new DefaultAzureCredential(tenantId ? { tenantId } : undefined);
}
