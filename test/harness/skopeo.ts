// Async wrappers around skopeo 1.9, the independent oracle: it pushes content the project did not
// write and reads back what the project pushed. Credentials go through a temporary authfile, never
// the command line, so they do not show in process lists or error messages.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './runCommand';

/** How skopeo reaches one registry. */
export interface SkopeoAccess {
  /** Registry host[:port] the credentials are for. */
  host: string;
  /** false for plain HTTP (or to skip verification); default true. */
  tlsVerify?: boolean;
  /** Folder with `*.crt` CA files for a self-signed registry. */
  certDir?: string;
  username?: string;
  password?: string;
}

export interface CopyOptions {
  /** Copy every manifest of an index/list (`--all`). */
  all?: boolean;
  /** Convert to `oci` or `v2s2` (Docker) types. */
  format?: 'oci' | 'v2s2';
  /** Fail instead of rewriting any manifest (default true). */
  preserveDigests?: boolean;
  src?: SkopeoAccess;
  dest?: SkopeoAccess;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Access settings for a registry from test/harness/registryServer.ts (copies its CA into a cert dir). */
export async function skopeoAccessFor(
  registry: { host: string; url: string; rootDir: string; caCertPath?: string },
  credentials?: { username: string; password: string },
): Promise<SkopeoAccess> {
  const access: SkopeoAccess = { host: registry.host, ...credentials };
  if (registry.url.startsWith('http:')) return { ...access, tlsVerify: false };
  if (registry.caCertPath) {
    const certDir = join(registry.rootDir, 'skopeo-certs');
    await mkdir(certDir, { recursive: true });
    await copyFile(registry.caCertPath, join(certDir, 'ca.crt'));
    return { ...access, certDir, tlsVerify: true };
  }
  return access;
}

export function dockerTransport(host: string, repositoryAndTagOrDigest: string): string {
  return `docker://${host}/${repositoryAndTagOrDigest}`;
}

export async function skopeoCopy(source: string, destination: string, options: CopyOptions = {}): Promise<void> {
  await withAuthDir(async (authDir) => {
    const args = ['copy', '--quiet', '--insecure-policy', '--retry-times', '0'];
    if (options.all) args.push('--all');
    if (options.format) args.push('--format', options.format);
    if (options.preserveDigests ?? true) args.push('--preserve-digests');
    if (options.src) args.push(...(await accessArgs('src', options.src, authDir)));
    if (options.dest) args.push(...(await accessArgs('dest', options.dest, authDir)));
    args.push(source, destination);
    await runCommand('skopeo', args, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, secrets: secretsOf(options.src, options.dest) });
  });
}

/** Exact manifest bytes (`inspect --raw`), or the config blob bytes with `config: true`. */
export async function skopeoInspectRaw(image: string, access?: SkopeoAccess, options: { config?: boolean; timeoutMs?: number } = {}): Promise<Buffer> {
  return withAuthDir(async (authDir) => {
    const args = ['inspect', '--raw', '--retry-times', '0'];
    if (options.config) args.push('--config');
    if (access) args.push(...(await accessArgs('', access, authDir)));
    args.push(image);
    const { stdout } = await runCommand('skopeo', args, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, secrets: secretsOf(access) });
    return stdout;
  });
}

/** Copies an image to a `dir:` folder; blobs land named by their hex digest. */
export async function skopeoCopyToDir(image: string, dir: string, access?: SkopeoAccess, options: { all?: boolean; timeoutMs?: number } = {}): Promise<void> {
  await skopeoCopy(image, `dir:${dir}`, { src: access, all: options.all, timeoutMs: options.timeoutMs });
}

async function accessArgs(side: 'src' | 'dest' | '', access: SkopeoAccess, authDir: string): Promise<string[]> {
  const flag = (name: string): string => (side ? `--${side}-${name}` : `--${name}`);
  const args = [`${flag('tls-verify')}=${access.tlsVerify ?? true}`];
  if (access.certDir) args.push(flag('cert-dir'), access.certDir);
  if (access.username !== undefined && access.password !== undefined) {
    const authfile = join(authDir, `${side || 'inspect'}-auth.json`);
    const auth = Buffer.from(`${access.username}:${access.password}`).toString('base64');
    await writeFile(authfile, JSON.stringify({ auths: { [access.host]: { auth } } }), { mode: 0o600 });
    args.push(flag('authfile'), authfile);
  } else {
    args.push(flag('no-creds'));
  }
  return args;
}

function secretsOf(...accesses: (SkopeoAccess | undefined)[]): string[] {
  return accesses.flatMap((access) => (access?.password ? [access.password] : []));
}

async function withAuthDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-skopeo-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
