// Runs a Docker credential helper (`docker-credential-<name> get|store`, the request on stdin, JSON on
// stdout), asynchronously with a timeout. The secret it prints or is given is never logged or put
// into an error.
import { spawn } from 'node:child_process';
import { RegistryError } from '../errors';

export interface HelperCredentials {
  username: string;
  secret: string;
}

export interface HelperOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const MAX_OUTPUT = 64 * 1024;

interface HelperRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function helperBinary(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new RegistryError(`invalid docker credential helper name ${JSON.stringify(name.slice(0, 60))}`);
  return `docker-credential-${name}`;
}

function runHelper(binary: string, action: 'get' | 'store', input: string, options: HelperOptions): Promise<HelperRun> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [action], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outSize = 0;
    let settled = false;
    const finish = (error?: Error, value?: HelperRun): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as HelperRun);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new RegistryError(`docker credential helper ${binary} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outSize += chunk.length;
      if (outSize <= MAX_OUTPUT) out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 16) err.push(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      const message =
        error.code === 'ENOENT'
          ? `docker credential helper ${binary} was not found on PATH (it is named in your docker config: install it or remove "credsStore"/"credHelpers")`
          : `could not run docker credential helper ${binary}: ${error.message}`;
      finish(new RegistryError(message, { code: 'CREDENTIAL_HELPER' }));
    });
    child.on('close', (code) => finish(undefined, { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Returns undefined when the helper has no credentials for `serverUrl`. */
export async function runCredentialHelper(name: string, serverUrl: string, options: HelperOptions = {}): Promise<HelperCredentials | undefined> {
  const binary = helperBinary(name);
  const { code, stdout, stderr } = await runHelper(binary, 'get', serverUrl, options);
  if (code !== 0) {
    // Helpers report a missing entry on stdout or stderr with this wording; that is not an error.
    if (/credentials not found/i.test(`${stdout} ${stderr}`)) return undefined;
    throw new RegistryError(`docker credential helper ${binary} failed with exit code ${code}`, { code: 'CREDENTIAL_HELPER' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new RegistryError(`docker credential helper ${binary} printed something that is not JSON`, { code: 'CREDENTIAL_HELPER' });
  }
  const { Username, Secret } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof Secret !== 'string' || Secret === '') return undefined;
  return { username: typeof Username === 'string' ? Username : '', secret: Secret };
}

/** `docker-credential-<name> store`: what `docker login` does where the config names a helper. */
export async function storeWithCredentialHelper(name: string, serverUrl: string, credentials: HelperCredentials, options: HelperOptions = {}): Promise<void> {
  const binary = helperBinary(name);
  const input = JSON.stringify({ ServerURL: serverUrl, Username: credentials.username, Secret: credentials.secret });
  const { code } = await runHelper(binary, 'store', input, options);
  if (code !== 0) throw new RegistryError(`docker credential helper ${binary} could not store the sign-in (exit code ${code})`, { code: 'CREDENTIAL_HELPER' });
}
