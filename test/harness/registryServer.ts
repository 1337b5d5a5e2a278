// Starts a real CNCF distribution registry (`docker-registry serve`, 2.8.2 from Debian) for a test:
// generated config in a temp dir, port 0, optional htpasswd/token auth and TLS with a CA generated
// at runtime. Nothing is shared between instances; close() kills the process and removes the dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './runCommand';

export type RegistryAuthOptions =
  | { kind: 'none' }
  | { kind: 'htpasswd'; users: Record<string, string> }
  | { kind: 'token'; realm: string; service: string; issuer: string; rootCertBundle: string };

export interface RegistryOptions {
  auth?: RegistryAuthOptions;
  tls?: boolean;
  /** false: DELETE answers 405 UNSUPPORTED, as on ghcr.io and Docker Hub (default true). */
  deleteEnabled?: boolean;
  /** How long to wait for the "listening on" line. */
  startTimeoutMs?: number;
}

export interface RunningRegistry {
  /** `127.0.0.1:<port>`, as in a reference. */
  host: string;
  /** `http://127.0.0.1:<port>` or `https://…` with TLS. */
  url: string;
  port: number;
  /** Temp dir holding config, storage (`<rootDir>/data`) and certificates. */
  rootDir: string;
  /** PEM of the CA that signed the server certificate (TLS only). */
  caCertPath?: string;
  /** Last lines the registry wrote to stderr, for failure messages. */
  logs(): string;
  close(): Promise<void>;
}

const LISTENING = /listening on (?:127\.0\.0\.1|\[::\]|0\.0\.0\.0):(\d+)/;

export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  const rootDir = await mkdtemp(join(tmpdir(), 'crx-registry-'));
  try {
    const config = await buildConfig(rootDir, options);
    const configPath = join(rootDir, 'config.json'); // JSON is valid YAML
    await writeFile(configPath, JSON.stringify(config.config, null, 2));
    const child = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    const logLines: string[] = [];
    const port = await waitForPort(child, logLines, options.startTimeoutMs ?? 10_000);
    const scheme = options.tls ? 'https' : 'http';
    const host = `127.0.0.1:${port}`;
    let closed = false;
    return {
      host,
      url: `${scheme}://${host}`,
      port,
      rootDir,
      caCertPath: config.caCertPath,
      logs: () => logLines.join('\n'),
      async close() {
        if (closed) return;
        closed = true;
        await stopProcess(child, 5_000);
        await rm(rootDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(rootDir, { recursive: true, force: true });
    throw error;
  }
}

async function buildConfig(rootDir: string, options: RegistryOptions): Promise<{ config: object; caCertPath?: string }> {
  const http: Record<string, unknown> = { addr: '127.0.0.1:0', secret: 'crx-test-secret' };
  const config: Record<string, unknown> = {
    version: '0.1',
    log: { level: 'info', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: join(rootDir, 'data') },
      delete: { enabled: options.deleteEnabled ?? true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http,
  };
  const auth = options.auth ?? { kind: 'none' };
  if (auth.kind === 'htpasswd') {
    const lines: string[] = [];
    for (const [user, password] of Object.entries(auth.users)) {
      const { stdout } = await runCommand('htpasswd', ['-Bbn', user, password], { timeoutMs: 20_000, secrets: [password] });
      lines.push(stdout.toString('utf8').trim());
    }
    const path = join(rootDir, 'htpasswd');
    await writeFile(path, lines.join('\n') + '\n');
    config.auth = { htpasswd: { realm: 'crx-test', path } };
  } else if (auth.kind === 'token') {
    config.auth = {
      token: { realm: auth.realm, service: auth.service, issuer: auth.issuer, rootcertbundle: auth.rootCertBundle },
    };
  }
  let caCertPath: string | undefined;
  if (options.tls) {
    const certs = await generateTlsCertificates(rootDir);
    http.tls = { certificate: certs.certPath, key: certs.keyPath };
    caCertPath = certs.caCertPath;
  }
  return { config, caCertPath };
}

/** A throwaway CA and a server certificate for 127.0.0.1, ::1 and localhost signed by it (openssl). */
export async function generateTlsCertificates(dir: string): Promise<{ caCertPath: string; certPath: string; keyPath: string }> {
  const caKey = join(dir, 'ca.key');
  const caCertPath = join(dir, 'ca.pem');
  const keyPath = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const certPath = join(dir, 'server.pem');
  const ext = join(dir, 'server.ext');
  const t = { timeoutMs: 30_000 };
  await runCommand('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', caKey, '-out', caCertPath, '-days', '2', '-subj', '/CN=crx test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], t);
  await runCommand('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyPath, '-out', csr, '-subj', '/CN=127.0.0.1'], t);
  await writeFile(ext, 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  await runCommand('openssl', ['x509', '-req', '-in', csr, '-CA', caCertPath, '-CAkey', caKey, '-CAcreateserial',
    '-out', certPath, '-days', '2', '-extfile', ext], t);
  return { caCertPath, certPath, keyPath };
}

function waitForPort(child: ChildProcess, logLines: string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const settle = (error: Error | undefined, port?: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve(port as number);
    };
    const timer = setTimeout(
      () => settle(new Error(`docker-registry did not print "listening on" within ${timeoutMs} ms; stderr:\n${logLines.slice(-20).join('\n')}`)),
      timeoutMs,
    );
    child.on('error', (error) => settle(new Error(`could not start docker-registry: ${error.message}`)));
    child.on('exit', (code, signal) =>
      settle(new Error(`docker-registry exited (${signal ?? `code ${code}`}) before listening; stderr:\n${logLines.slice(-20).join('\n')}`)),
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logLines.push(line);
        if (logLines.length > 200) logLines.shift();
        const match = LISTENING.exec(line);
        if (match) settle(undefined, Number(match[1]));
      }
    });
  });
}

function stopProcess(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
