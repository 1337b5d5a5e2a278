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
import type { Page } from 'playwright-core';
import { openBrowser } from './browser';
import { cleanupOnSignals, onCleanup, runCleanup, withTimeout } from './cleanup';
import { startCodeServer, type RunningCodeServer } from './codeServer';
import { startTestRegistries } from './testRegistries';
import { allowTestAccountsInBrowser, allowedAccountEntries } from './testAuthentication';
import { repoRoot } from './toolPaths';
import type { SuiteCounts } from '../extension/index';

const timeoutMs = Number(process.env.CRX_EXTENSION_TEST_TIMEOUT_MS ?? 600_000);
const debug = process.env.CRX_DEBUG === '1';
const testsPath = join(repoRoot, 'out', 'test', 'extension');
// The workbench's own console comes through codeAutomationLog too; its failed look-ups of the
// extension gallery (no internet here) are harmless noise and are dropped.
const OFFLINE_NOISE = /open-vsx\.org|ENOTFOUND/;

async function main(): Promise<SuiteCounts> {
  for (const required of [join(repoRoot, 'dist', 'extension.js'), join(testsPath, 'index.js')]) {
    if (!existsSync(required)) throw new Error(`${required} is missing: run \`npm run build\` and \`npx tsc -p .\` first`);
  }
  const workDir = await mkdtemp(join(tmpdir(), 'crx-ext-tests-'));
  onCleanup(() => rm(workDir, { recursive: true, force: true }));
  const resultsFile = join(workDir, 'results.json');
  const registries = await startTestRegistries({ withBasicAuth: true });
  onCleanup(() => registries.close());
  const server = await startCodeServer({
    smokeTestDriver: true,
    settings: { 'registryExplorer.registries': registries.setting },
    env: { ...registries.env, CRX_TEST_RESULTS_FILE: resultsFile },
    echoLogs: debug,
  });
  onCleanup(() => server.close());
  const browser = await openBrowser();
  onCleanup(() => browser.close());

  const exitCode = await runSuite(browser.page, server);
  const counts = await readCounts(resultsFile);
  if (!counts) {
    throw new Error(`the extension host ended (code ${exitCode}) without reporting results. code-server log:\n${server.logs()}`);
  }
  if (exitCode !== 0 && counts.failed === 0) {
    console.error(`The extension host exited with code ${exitCode} although no test failed.`);
    return { ...counts, failed: 1 };
  }
  return counts;
}

async function runSuite(page: Page, server: RunningCodeServer): Promise<number> {
  let reportExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (reportExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (OFFLINE_NOISE.test(text)) return;
    (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  if (debug) page.on('console', (message) => process.stderr.write(`[browser ${message.type()}] ${message.text()}\n`));
  await page.addInitScript(allowTestAccountsInBrowser, allowedAccountEntries());
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://remote${repoRoot}`],
    ['extensionTestsPath', `vscode-remote://remote${testsPath}`],
  ]);
  await page.goto(server.workbenchUrl({ payload }), { timeout: 60_000 });
  return exited;
}

async function readCounts(file: string): Promise<SuiteCounts | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SuiteCounts;
  } catch {
    return undefined;
  }
}

async function runAll(): Promise<SuiteCounts> {
  cleanupOnSignals();
  try {
    return await withTimeout(main(), timeoutMs, 'the extension tests to call codeAutomationExit');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return { passed: 0, failed: 1, pending: 0 };
  } finally {
    await runCleanup();
  }
}

void runAll().then((counts) => {
  const skipped = counts.pending ? `, ${counts.pending} skipped` : '';
  console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
  process.exit(counts.failed === 0 && counts.passed > 0 ? 0 : 1);
});
