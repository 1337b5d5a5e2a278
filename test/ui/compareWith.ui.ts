// UI check of Compare With…: from a tag row of samples/webapp, the other tag picked from the list;
// the manifests and configs open side by side in diff editors, the Image Changes view lists the
// files that differ, and a changed file opens in the diff editor with each tag's content.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { WEBAPP_REPOSITORY } from '../harness/demoSeed';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import { answerQuickPick, collapseRegistryTree, expandRow, rowDescription, runContextMenuItem, screenshot, STEP_TIMEOUT_MS, treeRow, waitForQuickInputTitle } from './workbench';

const TITLE = `${WEBAPP_REPOSITORY}:2.3.0 ↔ ${WEBAPP_REPOSITORY}:2.4.1`;

/** The two sides of the active diff editor, as drawn (spaces as the editor draws them made plain). */
async function diffSides(page: Page, expected: string): Promise<[string, string]> {
  const editor = page.locator('.editor-group-container.active .monaco-diff-editor').first();
  const modified = editor.locator('.editor.modified .view-lines').first();
  await modified.filter({ hasText: expected }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const text = async (side: 'original' | 'modified') => (await editor.locator(`.editor.${side} .view-lines`).first().innerText()).replace(/\u00a0/g, ' ');
  return [await text('original'), await text('modified')];
}

export const compareWithChecks: UiCheck[] = [
  {
    name: 'Compare With… on samples/webapp:2.3.0, 2.4.1 picked: manifest and config diffs, Image Changes lists the changed files, one opens as a diff',
    async run({ page }) {
      await collapseRegistryTree(page);
      await expandRow(page, DEMO_REGISTRY_NAME, WEBAPP_REPOSITORY);
      await expandRow(page, WEBAPP_REPOSITORY, '2.3.0');
      await runContextMenuItem(page, '2.3.0', /^Compare With/);
      await waitForQuickInputTitle(page, `Compare ${WEBAPP_REPOSITORY}:2.3.0 with`);
      await answerQuickPick(page, '2.4.1');

      for (const what of ['manifest', 'config']) {
        await page.locator('.tab', { hasText: `${TITLE} (${what})` }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      }
      // The config diff opens last: the builds' times differ.
      const [oldConfig, newConfig] = await diffSides(page, '2025-03-14T09:12:17');
      assert.match(oldConfig, /"created": "2025-02-03T10:41:17/);
      assert.doesNotMatch(oldConfig, /2025-03-14/);

      // Image Changes: the app's files differ, nothing else does.
      for (const path of ['/srv/app/config.yaml', '/srv/app/server', '/srv/app/static/index.html']) {
        await treeRow(page, path).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      }
      assert.equal(await rowDescription(page, '/srv/app/config.yaml'), `changed · ${Buffer.byteLength('listen: ":8080"\nversion: 2.4.1\n')} B`);
      assert.equal(await treeRow(page, '/etc/passwd').count(), 0, 'an unchanged file is listed');
      assert.ok(newConfig.includes('"created": "2025-03-14T09:12:17'));
      await screenshot(page, '23-image-changes');

      await treeRow(page, '/srv/app/config.yaml').first().click();
      await page.locator('.tab', { hasText: `/srv/app/config.yaml (${TITLE})` }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const [before, after] = await diffSides(page, 'version: 2.4.1');
      assert.equal(before.trim(), 'listen: ":8080"\nversion: 2.3.0');
      assert.equal(after.trim(), 'listen: ":8080"\nversion: 2.4.1');
      await screenshot(page, '24-changed-file-diff');
    },
  },
];
