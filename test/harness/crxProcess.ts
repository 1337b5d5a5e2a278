// Runs the `crx` CLI as users do: the bundled dist/cli.js in a child process. The bundle is built
// minified with the settings of esbuild.mjs --production, so tests see what ships.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface CrxOptions {
  /** Written to stdin, which is then closed; `null` leaves stdin open (a user who has not typed yet). */
  input?: string | null;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Killed after this long (default 60 s). */
  timeoutMs?: number;
}

/** Builds dist/cli.js and the files it loads on demand with esbuild.mjs's production options (plus source maps). */
export async function buildCli(): Promise<void> {
  const esbuild = await import('esbuild');
  const { bundleOptions } = await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href) as { bundleOptions(o: object): Record<string, object> };
  const options = bundleOptions({ production: true, sourcemap: true });
  await Promise.all([options.cli, options.chunks].map((build) => esbuild.build({ ...build, absWorkingDir: ROOT })));
}

/** An environment without the user's Docker credentials. */
export function isolatedEnv(): NodeJS.ProcessEnv {
  return { ...process.env, HOME: '/nonexistent-home', DOCKER_CONFIG: '' };
}

export interface RunningCrx {
  child: ChildProcessWithoutNullStreams;
  result: Promise<CliResult>;
}

/** Starts crx; `result` settles when it exits (killed after `timeoutMs`, default 60 s). */
export function startCrx(args: string[], options: CrxOptions = {}): RunningCrx {
  const child = spawn(process.execPath, [CLI, ...args], { env: options.env ?? isolatedEnv(), cwd: options.cwd });
  const result = new Promise<CliResult>((resolvePromise, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crx ${args[0]} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
  if (options.input === null) child.stdin.on('error', () => undefined);
  else child.stdin.end(options.input ?? '');
  return { child, result };
}

export function crx(args: string[], options: CrxOptions = {}): Promise<CliResult> {
  return startCrx(args, options).result;
}
