// UI check of palette use: a command that the context menu would give a tag to asks for the
// repository and the tag instead, then does the same work ("Open Manifest" here).
import * as assert from 'node:assert/strict';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import { answerQuickPick, runFromCommandPalette, screenshot, STEP_TIMEOUT_MS, waitForQuickInputTitle } from './workbench';

export const paletteChecks: UiCheck[] = [
  {
    name: '"Open Manifest" from the command palette asks for repository and tag, then opens the manifest',
    async run({ page, registries }) {
      await runFromCommandPalette(page, 'Registry Explorer: Open Manifest');
      await waitForQuickInputTitle(page, 'Open manifest');
      await answerQuickPick(page, DEMO_REGISTRY_NAME);
      await waitForQuickInputTitle(page, 'Open manifest: repository');
      await answerQuickPick(page, 'samples/hello');
      await waitForQuickInputTitle(page, 'Open manifest: tag of samples/hello');
      await answerQuickPick(page, '1.0');
      const tab = page.locator('.tab', { hasText: 'samples\u2215hello:1.0' }).first();
      await tab.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const digestHex = registries.content.hello.manifest.digest.slice('sha256:'.length, 'sha256:'.length + 12);
      assert.match(await tab.innerText(), new RegExp(digestHex), 'the tab names the manifest digest');
      await page.locator('.editor-group-container.active .view-lines', { hasText: 'schemaVersion' }).first()
        .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await runFromCommandPalette(page, 'Notifications: Clear All Notifications');
      await screenshot(page, '07-palette-open-manifest');
    },
  },
];
