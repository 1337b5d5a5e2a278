// The README's screenshots, taken from the demo as a user sees it: the packaged extension in
// code-server on the demo's seeded registry. `npm run screenshots` (after `npm run package`) writes
// docs/screenshot-tags.png (samples/webapp's tag rows, the signed tag opened to its layers and
// referrers), docs/screenshot-summary.png (that image's summary) and docs/screenshot-image-folder.png
// (that image open as a folder in the Explorer, a file of it in the editor); it fails when what a
// shot is meant to show is not on screen.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser } from '../harness/browser';
import { cleanupOnSignals, onCleanup, runCleanup, withTimeout } from '../harness/cleanup';
import { startCodeServer } from '../harness/codeServer';
import { WEBAPP_REPOSITORY } from '../harness/demoSeed';
import { DEMO_REGISTRY_NAME, startTestRegistries } from '../harness/testRegistries';
import { packagedVsixPath, repoRoot } from '../harness/toolPaths';
import { expandRow, openViewContainer, runContextMenuItem, STEP_TIMEOUT_MS, treeRow, waitForOpenedFolder } from './workbench';

const DOCS = join(repoRoot, 'docs');

async function main(): Promise<void> {
  if (!existsSync(packagedVsixPath)) throw new Error(`${packagedVsixPath} is missing: run \`npm run package\` first`);
  const started = Date.now();
  const step = (what: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
  const registries = await startTestRegistries({ demoContent: true });
  step('registry seeded');
  onCleanup(() => registries.close());
  const server = await startCodeServer({
    extensions: [packagedVsixPath],
    settings: { 'registryExplorer.registries': registries.setting, 'workbench.colorTheme': 'Default Dark Modern' },
  });
  onCleanup(() => server.close());
  step('code-server ready');
  const browser = await openBrowser({ width: 1280, height: 760 });
  onCleanup(() => browser.close());
  const { page } = browser;
  await page.goto(server.workbenchUrl(), { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await openViewContainer(page, 'Registry Explorer');
  await widenSideBar(page);
  step('workbench open');

  await expandRow(page, DEMO_REGISTRY_NAME, WEBAPP_REPOSITORY);
  step('registry expanded');
  await expandRow(page, WEBAPP_REPOSITORY, '2.4.1');
  step('repository expanded');
  await settle(page, '2.4.1');
  await expandRow(page, '2.4.1', 'config');
  const referrers = treeRow(page, 'Referrers (2)').first();
  await referrers.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await referrers.click();
  await page.waitForTimeout(1_500);
  const shownText = await page.locator('.sidebar .monaco-list').first().innerText();
  for (const expected of ['2.3.0', 'latest', 'layer 5', 'signature', 'sbom']) assert.ok(shownText.includes(expected), `"${expected}" is not in the tree:\n${shownText}`);
  await shot(page, 'screenshot-tags');

  await runContextMenuItem(page, '2.4.1', /Show Image Summary/);
  // The summary alone, tall enough for its build history.
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.keyboard.press('Control+B');
  const lines = page.locator('.editor-group-container.active .view-lines').first();
  await lines.filter({ hasText: 'Build history' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await lines.filter({ hasText: 'CMD ["--port" "8080"]' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const summary = (await lines.innerText()).replace(/\u00a0/g, ' ');
  assert.match(summary, /Build history \(13 steps\)/);
  await shot(page, 'screenshot-summary');

  await page.setViewportSize({ width: 1280, height: 760 });
  await page.keyboard.press('Control+B');
  await openViewContainer(page, 'Registry Explorer');
  await runContextMenuItem(page, '2.4.1', /Open Image Filesystem/);
  // The window becomes a workspace of two folders: VS Code loads it again.
  await page.waitForURL(/[?&]workspace=/, { timeout: STEP_TIMEOUT_MS });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await openViewContainer(page, 'Explorer');
  await waitForOpenedFolder(page, `${WEBAPP_REPOSITORY}:2.4.1`, 'srv');
  await expandRow(page, 'srv', 'app');
  await expandRow(page, 'app', 'config.yaml');
  await treeRow(page, 'config.yaml').first().click();
  const config = page.locator('.editor-group-container.active .view-lines').first();
  await config.filter({ hasText: 'listen' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await shot(page, 'screenshot-image-folder');
}

/** A wider side bar, so rows show their descriptions (kind, size, time) in full. */
async function widenSideBar(page: Page): Promise<void> {
  const box = await page.locator('.part.sidebar').first().boundingBox();
  if (!box) return;
  const edge = { x: box.x + box.width + 1, y: box.y + box.height / 2 };
  await page.mouse.move(edge.x, edge.y);
  await page.mouse.down();
  await page.mouse.move(edge.x + 300, edge.y, { steps: 8 });
  await page.mouse.up();
}

/** Waits until a row's description stops changing (rows fill in as manifests arrive). */
async function settle(page: Page, label: string): Promise<void> {
  const description = treeRow(page, label).first().locator('.label-description');
  let last: string | undefined;
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(500);
    const now = (await description.count()) ? (await description.first().textContent()) ?? '' : '';
    if (now === last) return;
    last = now;
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(5, 5); // no hover card over the rows
  await page.waitForTimeout(300);
  const path = join(DOCS, `${name}.png`);
  await page.screenshot({ path });
  console.log(`wrote ${path}`);
}

cleanupOnSignals();
withTimeout(main(), 300_000, 'the README screenshots')
  .then(() => 0, (error: unknown) => {
    console.error(`screenshots: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return 1;
  })
  .then(async (code) => {
    await runCleanup();
    process.exit(code);
  });
