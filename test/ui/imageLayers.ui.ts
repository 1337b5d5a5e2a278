// UI check of a layer listing: a layer row of samples/webapp:2.4.1 (the demo's app layer) expands to
// its tar entries, each with its size and mode beside it, and a file row opens read-only with the
// content the layer holds.
import * as assert from 'node:assert/strict';
import { formatBytes } from '../../src/registry/byteSize';
import { WEBAPP_REPOSITORY } from '../harness/demoSeed';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import { collapseRegistryTree, editorText, expandRow, rowDescription, screenshot, STEP_TIMEOUT_MS, treeRow } from './workbench';

const CONFIG_YAML = 'listen: ":8080"\nversion: 2.4.1\n';

export const imageLayerChecks: UiCheck[] = [
  {
    name: 'layer 5 of samples/webapp:2.4.1 lists its entries with size and mode; a file row opens read-only with its content',
    async run({ page }) {
      await collapseRegistryTree(page);
      await expandRow(page, DEMO_REGISTRY_NAME, WEBAPP_REPOSITORY);
      await expandRow(page, WEBAPP_REPOSITORY, '2.4.1');
      await expandRow(page, '2.4.1', 'layer 5');
      await expandRow(page, 'layer 5', 'srv');
      await expandRow(page, 'srv', 'app');
      await expandRow(page, 'app', 'config.yaml');
      for (const name of ['server', 'static']) assert.ok(await treeRow(page, name).count(), `${name} is listed in the layer`);
      assert.equal(await rowDescription(page, 'config.yaml'), `${Buffer.byteLength(CONFIG_YAML)} B · -rw-r--r-- · root:root`);
      assert.equal(await rowDescription(page, 'server'), `${formatBytes(700 * 1024)} · -rwxr-xr-x · root:root`);
      assert.equal(await rowDescription(page, 'static'), 'drwxr-xr-x · root:root');
      await treeRow(page, 'config.yaml').first().click();
      assert.equal(await editorText(page, 'version: 2.4.1'), CONFIG_YAML.trim());
      const tab = page.locator('.tab.active', { hasText: 'config.yaml' });
      await tab.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await screenshot(page, '22-layer-entries');
    },
  },
];
