import * as vscode from 'vscode';

export type AuthKind = 'anonymous' | 'basic' | 'token' | 'dockerConfig' | 'azure';

/** One entry of the `registryExplorer.registries` setting. Never holds a secret. */
export interface RegistryConfig {
  name?: string;
  url: string;
  auth?: AuthKind;
  username?: string;
  insecure?: boolean;
  tenantId?: string;
  repositories?: string[];
}

const SECTION = 'registryExplorer';
const KEY = 'registries';

export function readRegistries(): RegistryConfig[] {
  const raw = vscode.workspace.getConfiguration(SECTION).get<unknown>(KEY);
  if (!Array.isArray(raw)) return [];
  return raw.filter((r): r is RegistryConfig => typeof r === 'object' && r !== null && typeof (r as RegistryConfig).url === 'string');
}

export async function writeRegistries(registries: RegistryConfig[]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(KEY, registries, vscode.ConfigurationTarget.Global);
}

/** `https://host:port` → `host:port`; accepts a bare host too. Throws with a readable message. */
export function hostOf(url: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new Error(`"${url}" is not a registry URL (expected e.g. https://myregistry.azurecr.io)`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`"${url}" must start with https:// or http://`);
  }
  if (parsed.pathname !== '/' && parsed.pathname !== '') {
    throw new Error(`"${url}" has a path; give only the registry host, e.g. ${parsed.protocol}//${parsed.host}`);
  }
  if (parsed.username || parsed.password) {
    throw new Error('Put credentials in the sign-in step, not in the URL');
  }
  return parsed.host;
}

export function displayName(config: RegistryConfig): string {
  return config.name?.trim() || safeHost(config.url);
}

function safeHost(url: string): string {
  try {
    return hostOf(url);
  } catch {
    return url;
  }
}

/** SecretStorage key for a registry's password or token. */
export function secretKey(config: RegistryConfig): string {
  return `registryExplorer.secret:${safeHost(config.url)}:${config.username ?? ''}`;
}

export function isPlainHttp(config: RegistryConfig): boolean {
  return /^http:\/\//i.test(config.url);
}

export function isAzureHost(host: string): boolean {
  return /\.azurecr\.(io|us|cn)$/i.test(host.split(':')[0]) || /\.azurecr\.[a-z.]+$/i.test(host.split(':')[0]);
}
