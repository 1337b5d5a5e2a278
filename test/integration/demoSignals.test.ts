// Ctrl-C, or SIGINT/SIGTERM to the `npm run demo` process alone, stops everything the demo started:
// during set-up (bash runs the steps) and once the launcher runs (registry, code-server). Every process
// started here carries a marker in its environment, so one left behind is found even after it was
// re-parented; anything found is killed at the end whatever the outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagedVsixPath, repoRoot } from '../harness/toolPaths';

const MARK = 'CRX_DEMO_SIGNAL_TEST';
const demoScript = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.demo;

/** Processes whose environment holds `MARK=<mark>`, with their command lines. */
function markedProcesses(mark: string): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`${MARK}=${mark}`)) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (command) found.push({ pid: Number(entry), command }); // zombies have no command line
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

async function waitFor<T>(what: string, timeoutMs: number, check: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Demo { npm: ChildProcess; output(): string; exited: Promise<number | null>; mark: string }

/** `npm run demo` in `cwd`, in its own process group (only this test signals it), output collected. */
function startDemo(cwd: string, env: NodeJS.ProcessEnv): Demo {
  const mark = randomUUID();
  const npm = spawn('npm', ['run', 'demo'], { cwd, env: { ...process.env, ...env, [MARK]: mark }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  npm.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  npm.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => npm.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { npm, output: () => text, exited, mark };
}

/**
 * Sends `signal` to npm alone, or to its whole process group as a terminal's Ctrl-C does (then
 * npm forwards it as well, so the demo gets it twice).
 */
async function stopAndCheck(demo: Demo, signal: NodeJS.Signals, to: 'npm' | 'group'): Promise<void> {
  const started = Date.now();
  process.kill(to === 'group' ? -(demo.npm.pid as number) : demo.npm.pid as number, signal);
  const exited = await Promise.race([demo.exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 30_000))]);
  assert.ok(exited, `npm run demo still runs 30 s after ${signal}. Output:\n${demo.output()}`);
  // Everything should be gone once npm has exited; allow a moment for the kernel to reap.
  await waitFor('no process left', 5_000, () => markedProcesses(demo.mark).length === 0).catch(() => undefined);
  const left = markedProcesses(demo.mark);
  assert.deepEqual(left.map((p) => p.command), [], `left running after ${signal} to ${to} (${Date.now() - started} ms). Output:\n${demo.output()}`);
}

function killLeftovers(mark: string): void {
  for (const { pid } of markedProcesses(mark)) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}

const SETUP_CASES = [['SIGINT', 'npm'], ['SIGTERM', 'npm'], ['SIGINT', 'group']] as const;
for (const [signal, to] of SETUP_CASES) {
  test(`${signal} to ${to === 'npm' ? 'npm' : 'npm\'s process group (Ctrl-C)'} during a set-up step stops the step and everything it started`, async () => {
    // The real demo.sh and `demo` script, with set-up steps that start a child and a grandchild and wait.
    const root = await mkdtemp(join(tmpdir(), 'crx-demo-signals-'));
    let demo: Demo | undefined;
    try {
      await mkdir(join(root, 'scripts'));
      await cp(join(repoRoot, 'scripts', 'demo.sh'), join(root, 'scripts', 'demo.sh'));
      await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'demo-signals', version: '1.0.0', private: true, scripts: { demo: demoScript } }));
      await writeFile(join(root, 'scripts', 'ensure-node-modules.sh'), 'sleep 600 &\nbash -c "sleep 600" &\necho "step started"\nwait\n');
      await writeFile(join(root, 'scripts', 'ensure-tools.sh'), 'echo "the second step must not run" >&2\n');
      demo = startDemo(root, {});
      const current = demo;
      await waitFor('the set-up step', 20_000, () => current.output().includes('step started') && markedProcesses(current.mark).filter((p) => p.command.startsWith('sleep')).length === 2);
      await stopAndCheck(demo, signal, to);
      assert.doesNotMatch(demo.output(), /must not run/);
    } finally {
      if (demo) killLeftovers(demo.mark);
      await rm(root, { recursive: true, force: true });
    }
  });
}

for (const to of ['npm', 'group'] as const) {
  test(`SIGINT to ${to === 'npm' ? 'npm' : 'npm\'s process group (Ctrl-C)'} once the demo runs stops the registry, code-server and the launcher`, { timeout: 240_000 }, async () => {
    assert.ok(existsSync(packagedVsixPath), `${packagedVsixPath} is missing: run \`npm run package\` first`);
    assert.ok(existsSync(join(repoRoot, 'out', 'test', 'harness', 'runDemo.js')), 'the launcher is not compiled');
    const demo = startDemo(repoRoot, { CRX_DEMO_SKIP_SETUP: '1', CRX_DEMO_FORCE_CODE_SERVER: '1', DEMO_PORT: '' });
    try {
      const url = await waitFor('"Demo ready:"', 180_000, () => {
        if (demo.npm.exitCode !== null) throw new Error(`the demo ended early:\n${demo.output()}`);
        return /Demo ready: (http:\/\/127\.0\.0\.1:\d+)/.exec(demo.output())?.[1];
      });
      const running = markedProcesses(demo.mark).map((p) => p.command);
      assert.ok(running.some((c) => /docker-registry serve/.test(c)), `no registry among ${running.join('\n')}`);
      assert.ok(running.some((c) => /code-server/.test(c)), `no code-server among ${running.join('\n')}`);
      const registryLine = /^Registry: .*$/m.exec(demo.output())?.[0] ?? '';
      const registryPorts = [...registryLine.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
      assert.equal(registryPorts.length, 2, `no registry and proxy ports in "${registryLine}"`);
      for (const port of registryPorts) assert.ok(await listening(port), `nothing answers on the demo's port ${port}`);
      await stopAndCheck(demo, 'SIGINT', to);
      assert.equal(await listening(Number(new URL(url).port)), false, 'code-server still listens');
      for (const port of registryPorts) assert.equal(await listening(port), false, `the registry or its proxy still listens on ${port}`);
    } finally {
      killLeftovers(demo.mark);
    }
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
