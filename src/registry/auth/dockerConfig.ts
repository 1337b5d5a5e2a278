// Credentials from Docker's client config (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`):
// `credHelpers` (per registry) win over `credsStore`, which wins over inline `auths` entries.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RegistryError } from '../errors';
import { isDockerHub, normalizeRegistryHost } from '../reference';
import { runCredentialHelper } from './credentialHelper';
import type { RegistryCredential } from './credentials';

/** Docker stores Hub credentials under this legacy key. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export interface DockerConfigFile {
  auths?: Record<string, DockerAuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export interface DockerConfigOptions {
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  helperTimeoutMs?: number;
}

export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG ? join(env.DOCKER_CONFIG, 'config.json') : join(env.HOME || homedir(), '.docker', 'config.json');
}

/** `https://host:5000/v1/` → `host:5000` (lower case, Hub aliases unified). */
export function configKeyHost(key: string): string {
  const withoutScheme = key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return normalizeRegistryHost(withoutScheme.split('/', 1)[0]);
}

function findKey<T>(map: Record<string, T> | undefined, host: string): string | undefined {
  if (!map || typeof map !== 'object') return undefined;
  const wanted = normalizeRegistryHost(host);
  return Object.keys(map).find((key) => configKeyHost(key) === wanted);
}

export async function readDockerConfig(path: string): Promise<DockerConfigFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RegistryError(`cannot read docker config ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as DockerConfigFile;
  } catch (error) {
    // Do not quote the file: it holds secrets.
    throw new RegistryError(`docker config ${path} is not valid JSON (${(error as Error).message.split('\n', 1)[0].slice(0, 80)})`);
  }
}

function credentialFromEntry(entry: DockerAuthEntry, path: string, key: string): RegistryCredential {
  if (entry.identitytoken) return { kind: 'refreshToken', token: entry.identitytoken, username: entry.username };
  if (entry.registrytoken) return { kind: 'refreshToken', token: entry.registrytoken, usableAsBearer: true };
  if (entry.username && entry.password) return { kind: 'basic', username: entry.username, password: entry.password };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new RegistryError(`docker config ${path}: the "auth" value for ${key} is not base64 of username:password`);
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { kind: 'anonymous' };
}

async function fromHelper(helper: string, serverUrl: string, options: DockerConfigOptions): Promise<RegistryCredential> {
  const found = await runCredentialHelper(helper, serverUrl, { timeoutMs: options.helperTimeoutMs, env: options.env });
  if (!found) return { kind: 'anonymous' };
  // Helpers return identity tokens with the username "<token>".
  if (found.username === '<token>') return { kind: 'refreshToken', token: found.secret };
  return { kind: 'basic', username: found.username, password: found.secret };
}

/** The credential Docker would use for `host`; anonymous when the config has none. */
export async function credentialFromDockerConfig(host: string, options: DockerConfigOptions = {}): Promise<RegistryCredential> {
  const env = options.env ?? process.env;
  const path = options.configPath ?? defaultDockerConfigPath(env);
  const config = await readDockerConfig(path);
  // A path chosen on purpose must exist; only the default location may be absent.
  if (!config && options.configPath !== undefined) throw new RegistryError(`docker config ${path} does not exist`);
  if (!config) return { kind: 'anonymous' };
  const authKey = findKey(config.auths, host);
  const serverUrl = authKey ?? (isDockerHub(host) ? DOCKER_HUB_CONFIG_KEY : normalizeRegistryHost(host));
  const inline: RegistryCredential = authKey && config.auths ? credentialFromEntry(config.auths[authKey] ?? {}, path, authKey) : { kind: 'anonymous' };
  const helperKey = findKey(config.credHelpers, host);
  const helper = helperKey && config.credHelpers ? config.credHelpers[helperKey] : config.credsStore;
  if (typeof helper === 'string' && helper !== '') {
    const fromStore = await fromHelper(helper, serverUrl, { ...options, env });
    // Like docker: an entry missing from the store falls back to what the file itself holds.
    return fromStore.kind === 'anonymous' ? inline : fromStore;
  }
  return inline;
}
