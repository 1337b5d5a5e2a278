import * as vscode from 'vscode';
import type { RegistryConfig } from './registryLocation';

export * from './registryLocation';

const SECTION = 'registryExplorer';
const KEY = 'registries';

/**
 * The registries from the user's own settings only: a folder's `.vscode/settings.json` must not add
 * a registry (with plain HTTP or a sign-in the user never agreed to), so workspace values are ignored.
 */
export function readRegistries(): RegistryConfig[] {
  const raw = userSetting<unknown>(KEY);
  if (!Array.isArray(raw)) return [];
  return raw.filter((r): r is RegistryConfig => typeof r === 'object' && r !== null && typeof (r as RegistryConfig).url === 'string');
}

export async function writeRegistries(registries: RegistryConfig[]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(KEY, registries, vscode.ConfigurationTarget.Global);
}

/** A `registryExplorer.*` setting as the user set it (or its default), never a workspace's value. */
export function userSetting<T>(key: string): T | undefined {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}
