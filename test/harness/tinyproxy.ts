// A real forward proxy for tests: Debian's tinyproxy (package tinyproxy-bin, pinned in
// scripts/tool-versions.sh) in the foreground on a free loopback port, logging each request it
// relays, so a test can check that traffic really went through it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from './closedPort';

export interface RunningProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** What tinyproxy logged so far (one line per relayed request, among others). */
  log(): string;
  /** Lines naming a CONNECT tunnel or a relayed request to `host` (`127.0.0.1:<port>`). */
  requestsTo(host: string): string[];
  close(): Promise<void>;
}

function waitUntilAccepting(child: ChildProcess, output: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tinyproxy did not start within ${timeoutMs} ms:\n${output.join('')}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output.push(chunk.toString('utf8'));
      if (output.join('').includes('Accepting connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tinyproxy exited with code ${code}:\n${output.join('')}`));
    });
  });
}

export async function startTinyproxy(): Promise<RunningProxy> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-tinyproxy-'));
  // tinyproxy needs a fixed port: one the kernel handed out, then freed for tinyproxy.
  const port = await closedPort();
  const config = join(dir, 'tinyproxy.conf');
  // No ConnectPort line: CONNECT is allowed to any port (the registries listen on random ones).
  await writeFile(config, [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 60', 'LogLevel Info', 'MaxClients 50', ''].join('\n'));
  const child = spawn('tinyproxy', ['-d', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  try {
    await waitUntilAccepting(child, output, 5_000);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  child.removeAllListeners('exit');
  const log = (): string => output.join('');
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    requestsTo: (host) => log().split('\n').filter((line) => line.includes(`CONNECT ${host}`) || line.includes(`://${host}/`)),
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
