import type * as vscode from 'vscode';
import { SECRET_KEY_PREFIX, secretKey, usesStoredSecret, type RegistryConfig } from './registryLocation';

export interface NewSecret { registry: RegistryConfig; value: string }

export async function storeSecret(secrets: vscode.SecretStorage, secret: NewSecret): Promise<void> {
  await secrets.store(secretKey(secret.registry), secret.value);
}

/**
 * Deletes every registry secret that no entry of `registries` would use: after a username change,
 * a switch to a kind without a secret, a removal, or an entry deleted by hand from settings.
 */
export async function forgetUnusedSecrets(secrets: vscode.SecretStorage, registries: readonly RegistryConfig[]): Promise<void> {
  const inUse = new Set(registries.filter(usesStoredSecret).map(secretKey));
  for (const key of await secrets.keys()) {
    if (key.startsWith(SECRET_KEY_PREFIX) && !inUse.has(key)) await secrets.delete(key);
  }
}
