// `npm run demo` (after scripts/demo.sh built and packaged everything): a local registry seeded with
// sample content, and a real VS Code with the packaged extension showing it. The desktop `code`
// when present (own user-data and extensions dirs, so the user's setup is untouched), else
// code-server on 127.0.0.1:$DEMO_PORT (default: a free port). Ctrl-C stops everything. Prints
// "Demo ready: <url>" once everything runs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupOnSignals, onCleanup, runCleanup } from './cleanup';
import { startCodeServer } from './codeServer';
import { runCommand } from './runCommand';
import { MANY_TAGS_COUNT } from './demoSeed';
import { startTestRegistries, type TestRegistries } from './testRegistries';
import { packagedVsixPath } from './toolPaths';

async function main(): Promise<number> {
  if (!existsSync(packagedVsixPath)) throw new Error(`${packagedVsixPath} is missing: run \`npm run package\` first`);
  const port = await requestedPort();
  console.log('Starting a local registry and seeding it…');
  const registries = await startTestRegistries({ demoContent: true });
  onCleanup(() => registries.close());
  console.log(`Registry: ${registries.anonymousUrl} (docker-registry ${registries.anonymous.url} behind a proxy that pages tag lists)`);
  for (const line of DEMO_CONTENTS) console.log(`  ${line}`);
  const desktop = process.env.CRX_DEMO_FORCE_CODE_SERVER === '1' ? undefined : await findDesktopCode();
  return desktop ? runDesktop(desktop, registries) : runCodeServer(registries, port);
}

const DEMO_CONTENTS = [
  'samples/webapp      2.4.1 (= 2.4, latest): signed (Notation) with an SPDX SBOM attached as referrers; 5 layers and a Dockerfile build history; 2.3.0 unsigned',
  `samples/many-tags   ${MANY_TAGS_COUNT} tags, more than one page ("Load more…")`,
  'samples/hello       a single-platform image (1.0, latest)',
  'samples/multiarch   an OCI index: linux/amd64 and linux/arm64/v8',
  'samples/dockerlist  a Docker manifest list',
  'samples/artifact    an artifact with a custom artifactType and a subject',
  'team/app-01…12      a dozen small repositories',
];

async function runCodeServer(registries: TestRegistries, port: number | undefined): Promise<number> {
  console.log('No desktop `code` found: starting code-server with the packaged extension installed…');
  const server = await startCodeServer({
    port,
    extensions: [packagedVsixPath],
    settings: { 'registryExplorer.registries': registries.setting },
  });
  onCleanup(() => server.close());
  console.log('');
  console.log(`  Open ${server.workbenchUrl()}`);
  console.log('  then click the "Registry Explorer" icon in the activity bar: "Local demo registry" is listed.');
  console.log('  Press Ctrl-C to stop the registry and code-server.');
  console.log('');
  console.log(`Demo ready: ${server.workbenchUrl()}`);
  return new Promise<number>(() => undefined); // runs until a signal; cleanup happens there
}

async function runDesktop(code: string, registries: TestRegistries): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), 'crx-demo-code-'));
  onCleanup(() => rm(root, { recursive: true, force: true }));
  const dirs = ['--user-data-dir', join(root, 'user-data'), '--extensions-dir', join(root, 'extensions')];
  await mkdir(join(root, 'user-data', 'User'), { recursive: true });
  await mkdir(join(root, 'workspace'));
  const settings = { 'registryExplorer.registries': registries.setting, 'workbench.startupEditor': 'none' };
  await writeFile(join(root, 'user-data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  console.log(`Installing ${packagedVsixPath} into a fresh profile of ${code}…`);
  await runCommand(code, [...dirs, '--install-extension', packagedVsixPath], { timeoutMs: 120_000 });
  console.log('Opening VS Code; close its window or press Ctrl-C to stop the registry.');
  const child = spawn(code, [...dirs, '--new-window', '--wait', join(root, 'workspace')], { stdio: 'inherit' });
  console.log(`Demo ready: ${code} (registry ${registries.anonymousUrl})`);
  onCleanup(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  return new Promise<number>((resolve) => child.on('exit', (status) => resolve(status ?? 0)));
}

async function findDesktopCode(): Promise<string | undefined> {
  try {
    const { stdout } = await runCommand('sh', ['-c', 'command -v code'], { timeoutMs: 5_000 });
    return stdout.toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** DEMO_PORT, checked now so a port in use gives a clear message instead of a server error. */
async function requestedPort(): Promise<number | undefined> {
  const text = process.env.DEMO_PORT;
  if (!text) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`DEMO_PORT=${text} is not a port number (1-65535)`);
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(new Error(error.code === 'EADDRINUSE'
        ? `port ${port} on 127.0.0.1 is already in use: stop what uses it or choose another, e.g. DEMO_PORT=${port + 1} npm run demo`
        : `cannot listen on 127.0.0.1:${port}: ${error.message}`));
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
  return port;
}

cleanupOnSignals();
main()
  .catch((error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : error}`);
    return 1;
  })
  .then(async (code) => {
    await runCleanup();
    process.exit(code);
  });
