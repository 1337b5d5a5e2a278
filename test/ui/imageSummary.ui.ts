// UI check of "Show Image Summary" from a platform row's context menu: a read-only document that
// names the platform, the environment and the layer the build step produced, with its size.
import * as assert from 'node:assert/strict';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import { formatBytes } from '../../src/registry/byteSize';
import type { UiCheck } from './uiCheck';
import { expandRow, openViewContainer, runContextMenuItem, screenshot, STEP_TIMEOUT_MS } from './workbench';

export const imageSummaryChecks: UiCheck[] = [
  {
    name: 'context menu "Show Image Summary" on linux/arm64/v8 opens the summary of that image',
    async run({ page, registries }) {
      const arm64 = registries.content.multiarch.images.find((image) => image.platform.architecture === 'arm64');
      assert.ok(arm64, 'the seeded multiarch index has an arm64 image');
      await openViewContainer(page, 'Registry Explorer');
      // Earlier checks leave other `latest` and platform rows open; start from a folded tree.
      await page.locator('.sidebar .action-label[aria-label^="Collapse All"]').first().click({ timeout: STEP_TIMEOUT_MS });
      await expandRow(page, DEMO_REGISTRY_NAME, 'samples/multiarch');
      await expandRow(page, 'samples/multiarch', 'latest');
      await expandRow(page, 'latest', 'linux/arm64/v8');
      await runContextMenuItem(page, 'linux/arm64/v8', /Show Image Summary/);

      const tab = page.locator('.tab', { hasText: 'samples\u2215multiarch' }).filter({ hasText: 'linux\u2215arm64\u2215v8) summary' }).first();
      await tab.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const lines = page.locator('.editor-group-container.active .view-lines').first();
      await lines.filter({ hasText: 'Build history' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      // The editor draws spaces as non-breaking spaces.
      const text = (await lines.innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, /Platform: +linux\/arm64\/v8/);
      assert.match(text, /PATH=\/usr\/local\/bin:\/usr\/bin:\/bin/);
      const layer = arm64.layers[0];
      assert.match(text, new RegExp(`1 +1 +${formatBytes(layer.size)} +${layer.digest.slice(0, 19)} +crx fixtures: samples/multiarch`));
      await screenshot(page, '13-image-summary');
    },
  },
];
