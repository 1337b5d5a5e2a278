// UI check of "Download Layer…" from a layer's context menu: the file lands in the configured
// download folder, named by its digest, and holds exactly the bytes that were pushed.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import { expandRow, notificationTexts, openViewContainer, runContextMenuItem, screenshot, STEP_TIMEOUT_MS } from './workbench';

export const layerDownloadChecks: UiCheck[] = [
  {
    name: 'context menu "Download Layer…" on linux/amd64 layer 1 saves the verified layer',
    async run({ page, registries, downloadDir }) {
      const amd64 = registries.content.multiarch.images.find((image) => image.platform.architecture === 'amd64');
      assert.ok(amd64, 'the seeded multiarch index has an amd64 image');
      const layer = amd64.layers[0];
      const hex = layer.digest.slice('sha256:'.length);

      await openViewContainer(page, 'Registry Explorer');
      await expandRow(page, DEMO_REGISTRY_NAME, 'samples/multiarch');
      await expandRow(page, 'samples/multiarch', 'latest');
      await expandRow(page, 'latest', 'linux/amd64');
      await expandRow(page, 'linux/amd64', 'layer 1');
      await runContextMenuItem(page, 'layer 1', /Download Layer/);

      // The "Saved …" toast comes after the verified download was moved into place.
      await page.locator('.notification-toast', { hasText: 'Saved' }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
        .catch(async () => assert.fail(`no "Saved …" notification; shown: ${JSON.stringify(await notificationTexts(page))}`));
      const saved = await waitForFileStartingWith(downloadDir, hex, STEP_TIMEOUT_MS);
      const bytes = await readFile(join(downloadDir, saved));
      assert.equal(`sha256:${createHash('sha256').update(bytes).digest('hex')}`, layer.digest, 'downloaded bytes match the digest');
      assert.equal(bytes.length, layer.size);
      assert.deepEqual(await readdir(downloadDir), [saved], 'nothing but the layer is left in the download folder');
      await screenshot(page, '04-layer-downloaded');
    },
  },
];

/** The downloaded layer's file name (digest hex + .tar.gz). */
async function waitForFileStartingWith(dir: string, prefix: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await readdir(dir)).find((name) => name.startsWith(prefix) && name.endsWith('.tar.gz'));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${prefix}*.tar.gz in ${dir} (found: ${(await readdir(dir)).join(', ') || 'nothing'})`);
}
