// Starts a real VS Code (code-server: the VS Code workbench served to a browser plus a Node extension
// host) on 127.0.0.1 for one test run or demo. Everything it writes (user data, extensions, XDG
// dirs) lives in a temp dir removed by close(); close() kills the whole process group, extension
// host included. Env vars given here reach the extension host, which is how tests find registries.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from './closedPort';
import { runCommand } from './runCommand';
import { codeServerExecutable } from './toolPaths';

export interface CodeServerOptions {
  /** Needed for extension-host tests: makes the workbench honour the `payload` URL parameter. */
  smokeTestDriver?: boolean;
  /** User settings (merged over quiet defaults) written to <user-data-dir>/User/settings.json. */
  settings?: Record<string, unknown>;
  /** .vsix files installed with `--install-extension` before the server starts. */
  extensions?: string[];
  /** Extra environment for the server and so the extension host. */
  env?: NodeJS.ProcessEnv;
  /** Port to bind on 127.0.0.1; default: a free one. */
  port?: number;
  /** How long to wait for /healthz. */
  startTimeoutMs?: number;
  /** Echo the server's output to this process's stderr (the demo shows it). */
  echoLogs?: boolean;
}

export interface RunningCodeServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  userDataDir: string;
  /** An empty folder the workbench can open as its workspace. */
  workspaceDir: string;
  /** Workbench URL opening `workspaceDir`, with extra query parameters. */
  workbenchUrl(query?: Record<string, string>): string;
  /** Last lines code-server printed, for failure messages. */
  logs(): string;
  close(): Promise<void>;
}

const LOG_LINES_KEPT = 200;

/** Quiet defaults: no welcome page, tips, update checks or chat panel covering the explorer. */
const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
};

export async function startCodeServer(options: CodeServerOptions = {}): Promise<RunningCodeServer> {
  const executable = codeServerExecutable();
  if (!existsSync(executable)) throw new Error(`code-server is not installed at ${executable}: run \`bash scripts/ensure-tools.sh\``);
  const rootDir = await mkdtemp(join(tmpdir(), 'crx-code-server-'));
  const dirs = {
    userData: join(rootDir, 'user-data'),
    extensions: join(rootDir, 'extensions'),
    workspace: join(rootDir, 'workspace'),
    xdgConfig: join(rootDir, 'xdg-config'),
    xdgData: join(rootDir, 'xdg-data'),
    xdgCache: join(rootDir, 'xdg-cache'),
  };
  let child: ChildProcess | undefined;
  try {
    for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
    await mkdir(join(dirs.userData, 'User'), { recursive: true });
    const settings = { ...DEFAULT_SETTINGS, ...options.settings };
    await writeFile(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...options.env,
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      XDG_CACHE_HOME: dirs.xdgCache,
    };
    const dirArgs = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
    for (const vsix of options.extensions ?? []) {
      await runCommand(executable, [...dirArgs, '--install-extension', vsix], { env, timeoutMs: 120_000 });
    }

    // A port free now: code-server cannot bind port 0 and report it.
    const port = options.port ?? (await closedPort());
    const args = [
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      ...dirArgs,
    ];
    if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
    // Detached: code-server forks the extension host and more; killing the group stops them all.
    child = spawn(executable, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const logLines = collectLines(child, options.echoLogs ?? false);
    const url = `http://127.0.0.1:${port}`;
    await waitForHealthy(child, url, options.startTimeoutMs ?? 60_000, () => logLines.join('\n'));

    const running = child;
    let closed = false;
    return {
      url,
      port,
      userDataDir: dirs.userData,
      workspaceDir: dirs.workspace,
      workbenchUrl(query = {}) {
        const params = new URLSearchParams({ folder: dirs.workspace, ...query });
        return `${url}/?${params.toString()}`;
      },
      logs: () => logLines.join('\n'),
      async close() {
        if (closed) return;
        closed = true;
        await killProcessGroup(running, 10_000);
        await rm(rootDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await killProcessGroup(child, 10_000);
    await rm(rootDir, { recursive: true, force: true });
    throw error;
  }
}

function collectLines(child: ChildProcess, echo: boolean): string[] {
  const lines: string[] = [];
  const onData = (chunk: Buffer): void => {
    if (echo) process.stderr.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > LOG_LINES_KEPT) lines.shift();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return lines;
}

async function waitForHealthy(child: ChildProcess, url: string, timeoutMs: number, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `exit code ${code}`));
  child.once('error', (error) => (exited = error.message));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`code-server stopped before it was ready (${exited}). Its log:\n${tail(logs())}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for code-server's ${url}/healthz. Its log:\n${tail(logs())}`);
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** SIGTERM to the process group, SIGKILL if it is still there after `graceMs`. */
export async function killProcessGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    signalGroup(child, 'SIGKILL'); // the leader may be gone while children live on
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs));
  const stopped = await Promise.race([exited.then(() => true), timer]);
  // Children (extension host, file watcher) may outlive the leader: always finish the group.
  signalGroup(child, 'SIGKILL');
  if (!stopped) await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // group already gone
  }
}
