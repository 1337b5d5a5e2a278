// UI check of the view title's "+" (Add Registry…) after a row was selected: VS Code hands title-bar
// commands the selected row, and the command must still ask for a URL instead of failing on it.
import * as assert from 'node:assert/strict';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import { notificationTexts, openViewContainer, screenshot, STEP_TIMEOUT_MS, treeRow, waitForQuickInputTitle } from './workbench';

export const titleBarChecks: UiCheck[] = [
  {
    name: '"+" in the view title after a row is selected asks for the registry URL',
    async run({ page }) {
      await openViewContainer(page, 'Registry Explorer');
      const row = treeRow(page, DEMO_REGISTRY_NAME).first();
      await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await row.click();
      await page.waitForFunction((element) => element?.getAttribute('aria-selected') === 'true', await row.elementHandle(), { timeout: STEP_TIMEOUT_MS });
      const errorsBefore = (await notificationTexts(page)).length;
      await page.locator('.sidebar .action-label[aria-label^="Add Registry"]').first().click({ timeout: STEP_TIMEOUT_MS });
      await waitForQuickInputTitle(page, 'Add registry');
      await screenshot(page, '08-title-add-registry');
      await page.keyboard.press('Escape');
      const shown = await notificationTexts(page);
      assert.ok(!shown.slice(errorsBefore).some((text) => /failed|is not a function/i.test(text)), `notifications: ${JSON.stringify(shown)}`);
    },
  },
];
