// The same extension suites (test/extension) under a DESKTOP VS Code, through @vscode/test-electron.
// Not part of `npm test` here: no desktop VS Code can be had on these machines (test-electron would
// download one from the internet). Where one is installed, point VSCODE_EXECUTABLE at its binary:
//   VSCODE_EXECUTABLE=/usr/share/code/code npm run test:electron
// (after `npx tsc -p .` and `npm run build`). It starts the same seeded registries as the
// code-server run and passes them through settings and CRX_TEST_* environment variables.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { cleanupOnSignals, onCleanup, runCleanup } from './cleanup';
import { startTestRegistries } from './testRegistries';
import { repoRoot } from './toolPaths';

async function main(): Promise<number> {
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (!vscodeExecutablePath) {
    throw new Error('VSCODE_EXECUTABLE is not set: point it at a desktop VS Code binary (none is installed here; `npm test` uses code-server instead)');
  }
  if (!existsSync(vscodeExecutablePath)) throw new Error(`VSCODE_EXECUTABLE=${vscodeExecutablePath} does not exist`);
  const registries = await startTestRegistries({ withBasicAuth: true });
  onCleanup(() => registries.close());
  const userDataDir = await mkdtemp(join(tmpdir(), 'crx-electron-'));
  onCleanup(() => rm(userDataDir, { recursive: true, force: true }));
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'registryExplorer.registries': registries.setting }, null, 2));
  return runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'extension'),
    extensionTestsEnv: registries.env,
    launchArgs: ['--user-data-dir', userDataDir, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
  });
}

cleanupOnSignals();
main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  })
  .then(async (code) => {
    await runCleanup();
    process.exit(code);
  });
