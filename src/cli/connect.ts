// Global options shared by every command, and turning them plus a reference into a RegistryClient.
import { readFile, stat } from 'node:fs/promises';
import type { AuthConfig, LogSink, Reference, RegistryEndpoint, RegistryService } from '../registry/types';
import { isLayoutReference, parseLayoutReference } from '../registry/sources/layoutReference';
import { OciLayoutService } from '../registry/sources/ociLayout';
import { RegistryClient, type RegistryClientOptions } from '../registry/client';
import { parseReference, parseRegistryLocation, validateRegistryHost } from '../registry/reference';
import { flag, isSet, UsageError, type FlagSpec, type ParsedArgs } from './args';
import { forTerminal } from './terminal';

export const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  username: {},
  'password-stdin': { boolean: true },
  insecure: { boolean: true },
  'ca-file': { repeat: true },
  proxy: {},
  timeout: {},
  'idle-timeout': {},
  'docker-config': {},
  'trust-realm': { repeat: true },
  verbose: { boolean: true, short: 'v' },
  help: { boolean: true, short: 'h' },
};

export const GLOBAL_HELP = `Global options:
  --username <name>      user for basic auth / token exchange (with --password-stdin)
  --password-stdin       read the password or token from standard input
  --docker-config <file> credentials from this Docker config (default ~/.docker/config.json)
  --trust-realm <host>   let the registry's token service on <host> receive your credentials
                         although it is another domain (repeatable); without it they are sent only
                         to the registry's own host or domain
  --insecure             allow plain HTTP to a non-loopback registry
  --ca-file <pem>        trust this CA certificate (repeatable); implies HTTPS, also for localhost
  --proxy <url>          send requests through this HTTP(S) proxy (default: $HTTPS_PROXY / $HTTP_PROXY)
  --timeout <seconds>    wait at most this long for each response to start (default 30)
  --idle-timeout <seconds>  fail a transfer that moves no bytes for this long (default 60)
  -v, --verbose          log HTTP requests to stderr (credentials are never printed)
  -h, --help             show help`;

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted when the user interrupts (Ctrl-C, SIGTERM); every registry call takes it. */
  signal?: AbortSignal;
}

/** Reads a stream to its end; an abort (Ctrl-C while waiting for input) ends the wait at once. */
async function readAll(stream: NodeJS.ReadableStream, signal?: AbortSignal): Promise<string> {
  const reading = (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  })();
  if (!signal) return reading;
  return new Promise<string>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    reading.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Why `path` cannot be the Docker config file, or undefined when it can. */
async function notAFile(path: string): Promise<string | undefined> {
  const found = await stat(path).catch(() => undefined);
  if (!found) return 'no such file';
  if (found.isDirectory()) return 'a directory, not a file (give the config.json in it)';
  return found.isFile() ? undefined : 'not a regular file';
}

async function authFrom(args: ParsedArgs, io: CliIo): Promise<AuthConfig> {
  const username = flag(args, 'username');
  if (isSet(args, 'password-stdin')) {
    stderrLog(args, io)?.('info', 'cli', 'waiting for the password or token on standard input');
    const password = (await readAll(io.stdin, io.signal)).replace(/\r?\n$/, '');
    if (!password) throw new UsageError('--password-stdin: nothing was read from standard input');
    return username ? { kind: 'basic', username, password } : { kind: 'token', token: password };
  }
  if (username) throw new UsageError('--username needs --password-stdin (passwords are never taken on the command line)');
  const configPath = flag(args, 'docker-config');
  const problem = configPath === undefined ? undefined : await notAFile(configPath);
  if (problem) throw new UsageError(`--docker-config ${configPath}: ${problem}`);
  return { kind: 'dockerConfig', configPath };
}

export async function endpointFor(host: string, explicitHttp: boolean, explicitHttps: boolean, args: ParsedArgs, io: CliIo): Promise<RegistryEndpoint> {
  const caFiles = args.flags.get('ca-file') ?? [];
  const caCertificates = await Promise.all(caFiles.map((path) => readFile(path, 'utf8')));
  const insecure = isSet(args, 'insecure') || explicitHttp;
  const scheme = explicitHttps || caCertificates.length ? 'https' : explicitHttp ? 'http' : undefined;
  const trustedRealmHosts = (args.flags.get('trust-realm') ?? []).map(realmHostFlag);
  return { host, insecure, scheme, caCertificates, trustedRealmHosts, proxy: proxyFrom(args, host), auth: await authFrom(args, io) };
}

/** A `--trust-realm` value: trust is per host, so a port, scheme or path would silently match nothing. */
function realmHostFlag(value: string): string {
  const host = value.trim().toLowerCase();
  const valid = (() => {
    try {
      validateRegistryHost(host);
      return true;
    } catch {
      return false;
    }
  })();
  const hasPort = /^(\[[^\]]*\]|[^:[\]]*):\d+$/.test(host);
  if (!valid || hasPort) throw new UsageError(`--trust-realm takes a host name alone (no scheme, port or path), as the error naming it shows; got ${JSON.stringify(value)}`);
  return host;
}

/** `--proxy`, else the usual environment variables unless NO_PROXY names the host (or a domain of it). */
function proxyFrom(args: ParsedArgs, host: string): string | undefined {
  const env = process.env;
  const fromEnv = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || undefined;
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  const bypassed = (env.NO_PROXY || env.no_proxy || '').split(',').some((raw) => {
    const entry = raw.trim().toLowerCase();
    const domain = entry.replace(/^\*?\./, '');
    return entry === '*' || (domain !== '' && (hostname === domain || hostname.endsWith(`.${domain}`)));
  });
  const proxy = flag(args, 'proxy') ?? (bypassed ? undefined : fromEnv);
  if (proxy === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(proxy);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new UsageError('the proxy must be an http:// or https:// URL');
  return proxy;
}

function secondsFlag(args: ParsedArgs, name: string): number | undefined {
  const value = flag(args, name);
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(seconds > 0)) throw new UsageError(`--${name} takes a number of seconds greater than 0`);
  return seconds * 1000;
}

export function clientOptions(args: ParsedArgs, io: CliIo): RegistryClientOptions {
  return {
    log: stderrLog(args, io),
    userAgent: 'crx-cli',
    timeouts: { headersMs: secondsFlag(args, 'timeout'), idleMs: secondsFlag(args, 'idle-timeout') },
  };
}

export function stderrLog(args: ParsedArgs, io: CliIo): LogSink | undefined {
  if (!isSet(args, 'verbose')) return undefined;
  return (level, component, message) => {
    if (level !== 'trace') io.stderr.write(`[${level}] ${component}: ${forTerminal(message)}\n`);
  };
}

export async function clientForRegistry(text: string, args: ParsedArgs, io: CliIo): Promise<RegistryClient> {
  const location = parseRegistryLocation(text);
  const endpoint = await endpointFor(location.host, location.insecure, /^https:\/\//i.test(text.trim()), args, io);
  return new RegistryClient(endpoint, clientOptions(args, io));
}

/** Where a command only reads: a registry reference, or a local OCI layout (`oci:<folder>[:<tag>|@<digest>]`). */
export async function sourceForReference(text: string, args: ParsedArgs, io: CliIo): Promise<{ client: RegistryService; ref: Reference }> {
  return isLayoutReference(text) ? layoutSource(text) : clientForReference(text, args, io);
}

export async function clientForReference(text: string, args: ParsedArgs, io: CliIo): Promise<{ client: RegistryClient; ref: Reference }> {
  const ref = parseReference(text);
  const endpoint = await endpointFor(ref.registry, false, false, args, io);
  return { client: new RegistryClient(endpoint, clientOptions(args, io)), ref };
}

/** A local OCI layout named as skopeo names it (`oci:<folder>[:<tag>|@<digest>]`): read-only, no network. */
function layoutSource(text: string): { client: RegistryService; ref: Reference } {
  const { dir, tag, digest } = parseLayoutReference(text);
  const client = new OciLayoutService(dir);
  return { client, ref: { registry: client.host, repository: client.repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) } };
}
