// Runs a Docker credential helper (`docker-credential-<name> get`, server URL on stdin, JSON on stdout),
// asynchronously with a timeout. The secret it prints is never logged or put into an error.
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

/** Returns undefined when the helper has no credentials for `serverUrl`. */
export function runCredentialHelper(name: string, serverUrl: string, options: HelperOptions = {}): Promise<HelperCredentials | undefined> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    return Promise.reject(new RegistryError(`invalid docker credential helper name ${JSON.stringify(name.slice(0, 60))}`));
  }
  const binary = `docker-credential-${name}`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['get'], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outSize = 0;
    let settled = false;
    const finish = (error?: Error, value?: HelperCredentials): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value);
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
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code !== 0) {
        // Helpers report a missing entry on stdout or stderr with this wording; that is not an error.
        const text = `${stdout} ${Buffer.concat(err).toString('utf8')}`;
        if (/credentials not found/i.test(text)) return finish(undefined, undefined);
        return finish(new RegistryError(`docker credential helper ${binary} failed with exit code ${code}`, { code: 'CREDENTIAL_HELPER' }));
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(stdout);
      } catch {
        return finish(new RegistryError(`docker credential helper ${binary} printed something that is not JSON`, { code: 'CREDENTIAL_HELPER' }));
      }
      const { Username, Secret } = (parsed ?? {}) as Record<string, unknown>;
      if (typeof Secret !== 'string' || Secret === '') return finish(undefined, undefined);
      finish(undefined, { username: typeof Username === 'string' ? Username : '', secret: Secret });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(serverUrl);
  });
}
