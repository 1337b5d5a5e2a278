// UI tests: the PACKAGED extension (dist-vsix/*.vsix, from `npm run package`) installed into
// code-server, user settings pointing at a freshly seeded registry, the workbench opened in headless
// chromium, and each check clicking through it. Screenshots go to test-results/ (also one per
// failed check). Prints `N passed, N failed` as its last line.
// Usage: node out/test/ui/runUiTests.js   Env: CRX_UI_TIMEOUT_MS (whole run, default 600000),
// CRX_DEBUG=1 (echo code-server output and the browser console), CRX_UI_GREP (run only the checks
// whose name matches this regular expression).
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser } from '../harness/browser';
import { cleanupOnSignals, onCleanup, runCleanup, withTimeout } from '../harness/cleanup';
import { startCodeServer } from '../harness/codeServer';
import { startTestRegistries } from '../harness/testRegistries';
import { packagedVsixPath, testResultsDir } from '../harness/toolPaths';
import { copyChecks } from './copy.ui';
import { errorRowChecks } from './errorRow.ui';
import { explorerTreeChecks } from './explorerTree.ui';
import { compareWithChecks } from './compareWith.ui';
import { imageFolderChecks } from './imageFolder.ui';
import { imageLayerChecks } from './imageLayers.ui';
import { imageSummaryChecks } from './imageSummary.ui';
import { layerDownloadChecks } from './layerDownload.ui';
import { manifestPushChecks } from './manifestPush.ui';
import { multiSelectChecks } from './multiSelect.ui';
import { paletteChecks } from './palette.ui';
import { signInChecks } from './signIn.ui';
import { tagRowChecks } from './tagRows.ui';
import { titleBarChecks } from './titleBar.ui';
import { trustChecks } from './trust.ui';
import type { UiCheck, UiContext } from './uiCheck';
import { EDITOR_AS_IS_SETTINGS, screenshot, waitForWorkbench } from './workbench';

const allChecks: UiCheck[] = [...explorerTreeChecks, ...titleBarChecks, ...layerDownloadChecks, ...manifestPushChecks, ...paletteChecks, ...trustChecks, ...signInChecks, ...imageSummaryChecks,
  ...tagRowChecks, ...copyChecks, ...multiSelectChecks, ...errorRowChecks, ...imageLayerChecks, ...compareWithChecks, ...imageFolderChecks];
const grep = process.env.CRX_UI_GREP ? new RegExp(process.env.CRX_UI_GREP) : undefined;
const checks = grep ? allChecks.filter((check) => grep.test(check.name)) : allChecks;
const timeoutMs = Number(process.env.CRX_UI_TIMEOUT_MS ?? 600_000);
const debug = process.env.CRX_DEBUG === '1';

interface Counts {
  passed: number;
  failed: number;
}

async function main(): Promise<Counts> {
  if (!existsSync(packagedVsixPath)) throw new Error(`${packagedVsixPath} is missing: run \`npm run package\` first`);
  await removeOldScreenshots();
  const downloadDir = await mkdtemp(join(tmpdir(), 'crx-ui-downloads-'));
  onCleanup(() => rm(downloadDir, { recursive: true, force: true }));
  // The demo content too: samples/webapp's two builds differ in their app's files.
  const registries = await startTestRegistries({ withBasicAuth: true, demoContent: true });
  onCleanup(() => registries.close());
  const server = await startCodeServer({
    extensions: [packagedVsixPath],
    settings: {
      ...EDITOR_AS_IS_SETTINGS,
      // Both sides of a diff stay drawn, whatever the window's width.
      'diffEditor.renderSideBySide': true,
      'diffEditor.useInlineViewWhenSpaceIsLimited': false,
      'registryExplorer.registries': registries.setting,
      'registryExplorer.downloadFolder': downloadDir,
    },
    env: registries.env,
    echoLogs: debug,
  });
  onCleanup(() => server.close());
  // Registered after close(), so it runs first: the extension host's and the extension's own logs.
  onCleanup(() => keepCodeServerLogs(server.userDataDir));
  const browser = await openBrowser();
  onCleanup(() => browser.close());
  const { page } = browser;
  if (debug) page.on('console', (message) => process.stderr.write(`[browser ${message.type()}] ${message.text()}\n`));
  await page.goto(server.workbenchUrl(), { timeout: 60_000 });
  await waitForWorkbench(page);
  return runChecks({ page, server, registries, downloadDir });
}

async function runChecks(context: UiContext): Promise<Counts> {
  const counts: Counts = { passed: 0, failed: 0 };
  for (const [index, check] of checks.entries()) {
    const started = Date.now();
    try {
      // Each check starts from a quiet workbench even if the one before left a menu or picker open.
      for (let i = 0; i < 2; i++) await context.page.keyboard.press('Escape');
      await check.run(context);
      counts.passed++;
      console.log(`  ✔ ${check.name} (${Date.now() - started} ms)`);
    } catch (error) {
      counts.failed++;
      const shot = await screenshot(context.page, `failed-${index + 1}`).catch(() => 'none');
      console.log(`  ✘ ${check.name} (${Date.now() - started} ms)\n    ${describe(error)}\n    screenshot: ${shot}`);
    }
  }
  return counts;
}

/** code-server's logs (the extension host's, and the Registry Explorer output channel) into test-results/code-server-logs. */
async function keepCodeServerLogs(userDataDir: string): Promise<void> {
  const kept = join(testResultsDir, 'code-server-logs');
  await rm(kept, { recursive: true, force: true });
  await cp(join(userDataDir, 'logs'), kept, { recursive: true }).catch((error: unknown) => console.error(`code-server's logs were not kept: ${describe(error)}`));
}

/** Screenshots of an earlier run would read as this run's (a stale failed-N.png above all). */
async function removeOldScreenshots(): Promise<void> {
  const names = await readdir(testResultsDir).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name.endsWith('.png')).map((name) => rm(join(testResultsDir, name), { force: true })));
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n').join('\n    ');
}

async function runAll(): Promise<Counts> {
  cleanupOnSignals();
  try {
    return await withTimeout(main(), timeoutMs, 'the UI tests to finish');
  } catch (error) {
    console.error(describe(error));
    return { passed: 0, failed: checks.length };
  } finally {
    await runCleanup();
  }
}

void runAll().then(({ passed, failed }) => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
});
