// UI check of a registry that is not running: Add Registry tests the connection and says so in plain
// words, Save Anyway keeps it, and expanding it shows the error row within 2 s with its actions as
// buttons on the row.
import * as assert from 'node:assert/strict';
import { closedPort } from '../harness/closedPort';
import type { UiCheck } from './uiCheck';
import { answerInputBox, answerQuickPick, openViewContainer, runContextMenuItem, screenshot, STEP_TIMEOUT_MS, treeRow, waitForQuickInputTitle } from './workbench';

export const errorRowChecks: UiCheck[] = [
  {
    name: 'a registry that is not running: Add Registry says so; its error row shows within 2 s with Retry and Edit Registry buttons',
    async run({ page }) {
      const host = `127.0.0.1:${await closedPort()}`;
      const words = `Nothing is listening on ${host} — is the registry running?`;
      await openViewContainer(page, 'Registry Explorer');
      await page.locator('.sidebar .action-label[aria-label^="Add Registry"]').first().click({ timeout: STEP_TIMEOUT_MS });
      await waitForQuickInputTitle(page, 'Add registry');
      await answerInputBox(page, `http://${host}`);
      const dialog = page.locator('.monaco-dialog-box', { hasText: words }).first();
      await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      for (const button of ['Edit URL', 'Save Anyway', 'Cancel']) assert.ok(await dialog.getByRole('button', { name: button }).count(), `no ${button} button`);
      await screenshot(page, '15-add-registry-refused');
      await dialog.getByRole('button', { name: 'Save Anyway' }).click();
      await waitForQuickInputTitle(page, `Sign-in for ${host}`);
      await answerQuickPick(page, 'Anonymous');

      const row = treeRow(page, host).first();
      await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const started = Date.now();
      await row.click();
      const errorRow = treeRow(page, words).first();
      await errorRow.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const ms = Date.now() - started;
      assert.ok(ms < 2_000, `the error row took ${ms} ms`);
      await errorRow.hover();
      for (const button of ['Retry', 'Edit Registry']) {
        await errorRow.locator(`.actions .action-label[aria-label^="${button}"]`).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      }
      await screenshot(page, '16-refused-error-row');

      await runContextMenuItem(page, host, /Remove Registry/);
      const remove = page.locator('.monaco-dialog-box').first();
      await remove.getByRole('button', { name: 'Remove' }).click();
      await row.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
    },
  },
];
