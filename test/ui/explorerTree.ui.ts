// UI checks of the explorer tree as a person sees it: the packaged extension in code-server,
// pointed at the seeded registry through user settings, clicked open level by level.
import * as assert from 'node:assert/strict';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import { expandRow, openViewContainer, rowDescription, screenshot, treeRow } from './workbench';

export const explorerTreeChecks: UiCheck[] = [
  {
    name: 'the Registry Explorer view lists the configured registry',
    async run({ page }) {
      await openViewContainer(page, 'Registry Explorer');
      await treeRow(page, DEMO_REGISTRY_NAME).waitFor({ state: 'visible', timeout: 30_000 });
      const description = await rowDescription(page, DEMO_REGISTRY_NAME);
      assert.match(description, /^http:\/\/127\.0\.0\.1:\d+/, 'the registry row shows its URL');
      await screenshot(page, '01-registry-explorer');
    },
  },
  {
    name: 'registry > samples/multiarch > latest > linux/amd64 > layer expands to a layer with its size',
    async run({ page }) {
      await openViewContainer(page, 'Registry Explorer');
      await expandRow(page, DEMO_REGISTRY_NAME, 'samples/multiarch');
      for (const repository of ['samples/hello', 'samples/dockerlist', 'samples/artifact', 'team/app-01']) {
        assert.ok(await treeRow(page, repository).count(), `repository ${repository} is listed`);
      }
      await screenshot(page, '02-repositories');
      await expandRow(page, 'samples/multiarch', 'latest');
      await expandRow(page, 'latest', 'linux/amd64');
      assert.ok(await treeRow(page, 'linux/arm64/v8').count(), 'the arm64 platform is listed too');
      await expandRow(page, 'linux/amd64', 'layer 1');
      assert.ok(await treeRow(page, 'config').count(), 'the image config is listed');
      await treeRow(page, 'layer 1').first().click();
      const layer = await rowDescription(page, 'layer 1');
      assert.match(layer, /\d+(\.\d+)?\s*(B|KB|KiB|MB|MiB)/, `layer row shows a size (got "${layer}")`);
      assert.match(layer, /sha256:[0-9a-f]{12}/, `layer row shows a digest (got "${layer}")`);
      await screenshot(page, '03-multiarch-layer');
    },
  },
];
