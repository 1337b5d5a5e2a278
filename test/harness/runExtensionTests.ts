// Runs the mocha suites of test/extension inside a real VS Code extension host: code-server with
// the smoke-test driver, opened by headless chromium with a `payload` naming this repository as
// the extension under development and out/test/extension as the test runner. The page reports
// the suite's end through window.codeAutomationExit. Prints `N passed, N failed` last.
// Usage: node out/test/harness/runExtensionTests.js   (after `npx tsc -p .` and `npm run build`)
// Env: CRX_EXTENSION_TEST_TIMEOUT_MS (default 600000), CRX_TEST_GREP (mocha grep), CRX_DEBUG=1
// (echo code-server and browser console output).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { openBrowser, type OpenBrowser } from './browser';
import { startCodeServer, type RunningCodeServer } from './codeServer';
import { startTestRegistries, type TestRegistries } from './testRegistries';
import { repoRoot } from './toolPaths';
import type { SuiteCounts } from '../extension/index';

const timeoutMs = Number(process.env.CRX_EXTENSION_TEST_TIMEOUT_MS ?? 600_000);
const debug = process.env.CRX_DEBUG === '1';
const OFFLINE_NOISE = /open-vsx\.org|ENOTFOUND/;

async function main(): Promise<number> {
  const testsPath = join(repoRoot, 'out', 'test', 'extension');
  for (const required of [join(repoRoot, 'dist', 'extension.js'), join(testsPath, 'index.js')]) {
    if (!existsSync(required)) throw new Error(`${required} is missing: run \`npm run build\` and \`npx tsc -p .\` first`);
  }
  const workDir = await mkdtemp(join(tmpdir(), 'crx-ext-tests-'));
  const resultsFile = join(workDir, 'results.json');
  let registries: TestRegistries | undefined;
  let server: RunningCodeServer | undefined;
  let browser: OpenBrowser | undefined;
  try {
    registries = await startTestRegistries({ withBasicAuth: true });
    server = await startCodeServer({
      smokeTestDriver: true,
      settings: { 'registryExplorer.registries': registries.setting },
      env: { ...registries.env, CRX_TEST_RESULTS_FILE: resultsFile },
      echoLogs: debug,
    });
    browser = await openBrowser();
    const exitCode = await runSuite(browser, server, testsPath);
    const counts = await readCounts(resultsFile);
    if (!counts) {
      console.error(`The extension host ended (code ${exitCode}) without reporting results. code-server log:\n${server.logs()}`);
      return report({ passed: 0, failed: 1, pending: 0 }, 1);
    }
    return report(counts, exitCode);
  } finally {
    await browser?.close();
    await server?.close();
    await registries?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function runSuite(browser: OpenBrowser, server: RunningCodeServer, testsPath: string): Promise<number> {
  const { page } = browser;
  const exited = new Promise<number>((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(Number(code)));
  });
  // The workbench forwards the extension host's console here while tests run.
  // The workbench's own console comes through here too; its failed look-ups of the extension
  // gallery (no internet here) are harmless noise and are dropped.
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (OFFLINE_NOISE.test(text)) return;
    (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  if (debug) page.on('console', (message) => process.stderr.write(`[browser ${message.type()}] ${message.text()}\n`));
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://remote${repoRoot}`],
    ['extensionTestsPath', `vscode-remote://remote${testsPath}`],
  ]);
  await page.goto(server.workbenchUrl({ payload }), { timeout: 60_000 });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for the extension tests to call codeAutomationExit`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([exited, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function readCounts(file: string): Promise<SuiteCounts | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SuiteCounts;
  } catch {
    return undefined;
  }
}

function report(counts: SuiteCounts, exitCode: number): number {
  const failed = exitCode !== 0 && counts.failed === 0 ? 1 : counts.failed;
  if (failed !== counts.failed) console.error(`The extension host exited with code ${exitCode} although no test failed.`);
  const skipped = counts.pending ? `, ${counts.pending} skipped` : '';
  console.log(`${counts.passed} passed, ${failed} failed${skipped}`);
  return failed === 0 && counts.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
