// Writes an identity (refresh) token into Docker's client config, as `docker login` does for a
// registry that hands out identity tokens: into the credential helper the config names for that
// registry, else into `auths` of the file, written whole to a temporary file and renamed over it, so
// that a failure leaves the old file as it was. Every other key of the file is kept.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RegistryError } from '../errors';
import { normalizeRegistryHost } from '../reference';
import { storeWithCredentialHelper } from './credentialHelper';
import { configKeyHost, defaultDockerConfigPath } from './dockerConfig';

/** The user name Docker keeps beside an ACR identity token (ACR's own tools write the same). */
export const IDENTITY_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';
/** What Docker's credential helpers store as the user name of an identity token. */
const HELPER_TOKEN_USERNAME = '<token>';

export interface DockerLoginOptions {
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  helperTimeoutMs?: number;
}

export type DockerLoginTarget = { kind: 'file'; path: string } | { kind: 'helper'; helper: string; path: string };

/** Where a sign-in for `host` goes: the helper the config names for it, or the file itself. */
export async function dockerLoginTarget(host: string, options: DockerLoginOptions = {}): Promise<DockerLoginTarget> {
  const path = options.configPath ?? defaultDockerConfigPath(options.env ?? process.env);
  const helper = helperFor(await readConfigObject(path), host);
  return helper ? { kind: 'helper', helper, path } : { kind: 'file', path };
}

/** Stores `token` for `host` where Docker will read it; returns where that was. */
export async function writeDockerIdentityToken(host: string, token: string, options: DockerLoginOptions = {}): Promise<DockerLoginTarget> {
  const wanted = normalizeRegistryHost(host);
  const path = options.configPath ?? defaultDockerConfigPath(options.env ?? process.env);
  const config = await readConfigObject(path);
  const helper = helperFor(config, wanted);
  if (helper) {
    await storeWithCredentialHelper(helper, wanted, { username: HELPER_TOKEN_USERNAME, secret: token }, { env: options.env, timeoutMs: options.helperTimeoutMs });
    return { kind: 'helper', helper, path };
  }
  const auths = isObject(config.auths) ? config.auths : {};
  const key = Object.keys(auths).find((k) => configKeyHost(k) === wanted) ?? wanted;
  auths[key] = { auth: Buffer.from(`${IDENTITY_TOKEN_USERNAME}:`).toString('base64'), identitytoken: token };
  config.auths = auths;
  await replaceFile(path, `${JSON.stringify(config, null, '\t')}\n`);
  return { kind: 'file', path };
}

async function readConfigObject(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new RegistryError(`cannot read docker config ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    // Never quote the file: it holds secrets.
    throw new RegistryError(`docker config ${path} is not valid JSON (${(error as Error).message.split('\n', 1)[0].slice(0, 80)}); it was left unchanged`);
  }
  if (!isObject(parsed)) throw new RegistryError(`docker config ${path} is not a JSON object; it was left unchanged`);
  return parsed;
}

function helperFor(config: Record<string, unknown>, host: string): string | undefined {
  const wanted = normalizeRegistryHost(host);
  const helpers = isObject(config.credHelpers) ? config.credHelpers : {};
  const key = Object.keys(helpers).find((k) => configKeyHost(k) === wanted);
  const helper = key !== undefined ? helpers[key] : config.credsStore;
  return typeof helper === 'string' && helper !== '' ? helper : undefined;
}

/** Writes beside the file and renames over it: the file is either the old one or the new one. A new file is readable by its owner only. */
async function replaceFile(path: string, text: string): Promise<void> {
  let target = path;
  let mode = 0o600;
  try {
    target = await realpath(path);
    mode = (await stat(target)).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  }
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temporary, mode);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new RegistryError(`could not write docker config ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
