// Runs an external tool asynchronously with a timeout. Asynchronous on purpose: a synchronous child
// call would block in-process test servers (token server, fault server) the tool talks to.
import { spawn } from 'node:child_process';

export interface RunOptions {
  input?: string | Buffer;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Words to hide in error messages (passwords passed on the command line or stdin). */
  secrets?: string[];
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
}

export function redactSecrets(text: string, secrets: string[] = []): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.split(secret).join('***');
  return result;
}

export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const describe = (): string => redactSecrets(`${command} ${args.join(' ')}`, options.secrets);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | undefined, result?: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result as RunResult);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`timed out after ${timeoutMs} ms waiting for: ${describe()}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => finish(new Error(`could not start ${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      const stderr = redactSecrets(Buffer.concat(err).toString('utf8'), options.secrets);
      if (code === 0) finish(undefined, { stdout: Buffer.concat(out), stderr });
      else finish(new Error(`${describe()} failed (${signal ?? `exit ${code}`}): ${stderr.trim().slice(-2000)}`));
    });
    child.stdin.on('error', () => undefined); // the tool may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
}
