// What a registry entry means, without VS Code: its host (parsed by the same grammar the client
// uses), its display name and where its secret is kept.
import { basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseRegistryLocation } from '../registry/reference';

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
  /** Token service hosts on another domain trusted to receive this registry's credentials. */
  trustedRealmHosts?: string[];
  /** CA certificates to trust for this registry: PEM text or absolute paths of PEM files. */
  caCertificates?: string[];
  /** What kind of source the entry is; absent for a plain /v2 registry (ACR is known by its host). */
  source?: 'dockerHub' | 'ghcr' | 'layout';
  /** Docker Hub: namespaces listed besides the signed-in user's own (organisations, `library`, any public one). */
  namespaces?: string[];
  /** Docker Hub: the Hub API's origin, `https://hub.docker.com` when absent. */
  hubApiUrl?: string;
  /** GHCR: GitHub's REST API (default `https://api.github.com`; GitHub Enterprise Server `https://HOST/api/v3`). */
  githubApiUrl?: string;
  /** A local OCI layout's folder (absolute); its `url` is the folder's file: URL. */
  path?: string;
  /** Found in the workspace rather than saved in settings: shown, read-only, never written unless pinned. */
  foundInWorkspace?: boolean;
}

/** A local OCI image layout folder rather than a registry. */
export function isLayout(config: Pick<RegistryConfig, 'source'>): boolean {
  return config.source === 'layout';
}

/** The settings entry of a layout folder: its file: URL keeps it apart from every other entry. */
export function layoutConfig(folder: string, extra: Partial<RegistryConfig> = {}): RegistryConfig {
  const path = resolve(folder);
  return { url: pathToFileURL(path).href, source: 'layout', path, ...extra };
}

/** A layout's folder: its `path`, else the folder its file: URL names. */
export function layoutFolder(config: Pick<RegistryConfig, 'url' | 'path'>): string {
  return config.path ?? fileURLToPath(config.url);
}

/** `https://host:port` → `host:port` (normalized); accepts a bare host too. Throws a readable ReferenceSyntaxError. */
export function hostOf(url: string): string {
  // A layout has no host: it is named as skopeo's oci: transport names it.
  if (/^file:/i.test(url)) return `oci:${fileURLToPath(url)}`;
  return parseRegistryLocation(url).host;
}

/** What Add Registry stores: `https://host[:port]`, or `http://` only when typed so. */
export function canonicalRegistryUrl(text: string): string {
  const { host, insecure } = parseRegistryLocation(text);
  return `${insecure ? 'http' : 'https'}://${host}`;
}

export function displayName(config: RegistryConfig): string {
  if (!config.name?.trim() && isLayout(config)) return basename(layoutFolder(config)) || layoutFolder(config);
  return config.name?.trim() || safeHost(config.url);
}

function safeHost(url: string): string {
  try {
    return hostOf(url);
  } catch {
    return url;
  }
}

/** Every registry secret's key starts so. */
export const SECRET_KEY_PREFIX = 'registryExplorer.secret:';

/** SecretStorage key for a registry's password or token. */
export function secretKey(config: RegistryConfig): string {
  return `${SECRET_KEY_PREFIX}${safeHost(config.url)}:${config.username ?? ''}`;
}

/** Only these kinds keep a secret in SecretStorage. */
export function usesStoredSecret(config: RegistryConfig): boolean {
  return config.auth === 'basic' || config.auth === 'token';
}

export function isPlainHttp(config: Pick<RegistryConfig, 'url'>): boolean {
  return /^http:\/\//i.test(config.url);
}
