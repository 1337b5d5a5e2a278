// UI checks of what users are shown about registry content: hovers render registry values as plain
// text, and Delete Manifest's modal names the exact digest before anything is deleted.
import * as assert from 'node:assert/strict';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import { expandRow, openViewContainer, runContextMenuItem, screenshot, STEP_TIMEOUT_MS, treeRow, waitForQuickInputTitle } from './workbench';

export const trustChecks: UiCheck[] = [
  {
    name: 'hovering a platform row shows digest, media type and size as plain text, with no link',
    async run({ page }) {
      await openViewContainer(page, 'Registry Explorer');
      await expandRow(page, DEMO_REGISTRY_NAME, 'samples/multiarch');
      await expandRow(page, 'samples/multiarch', 'latest');
      await expandRow(page, 'latest', 'linux/amd64');
      const hover = page.locator('.monaco-hover', { hasText: 'Media type' }).first();
      // Rows can still move while the tree settles, and a hover needs the pointer to arrive: retry.
      for (let attempt = 1; ; attempt++) {
        await page.mouse.move(700, 700);
        await page.waitForTimeout(300);
        await treeRow(page, 'linux/amd64').first().locator('.label-name').hover();
        if (await hover.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) break;
        if (attempt === 3) assert.fail('no hover appeared over the linux/amd64 row');
      }
      const text = await hover.innerText();
      assert.match(text, /Digest\s+sha256:[0-9a-f]{64}/, text);
      assert.match(text, /Media type\s+application\/vnd\.(oci|docker)\.[a-z.]+\.v[12]\+json/, text);
      assert.equal(await hover.locator('a[href], img').count(), 0, 'the hover holds a link or an image');
      await screenshot(page, '10-hover-plain-text');
      await page.mouse.move(5, 5);
    },
  },
  {
    name: 'Delete Manifest… on a tag names the manifest by digest; Cancel deletes nothing',
    async run({ page, registries }) {
      await openViewContainer(page, 'Registry Explorer');
      await expandRow(page, DEMO_REGISTRY_NAME, 'samples/hello');
      await expandRow(page, 'samples/hello', '1.0');
      await runContextMenuItem(page, '1.0', /Delete Manifest/);
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const digest = registries.content.hello.manifest.digest;
      const text = await dialog.innerText();
      assert.match(text, new RegExp(`Delete manifest 127\\.0\\.0\\.1:\\d+/samples/hello@${digest}\\?`), text);
      assert.match(text, /The manifest goes with tags 1\.0 and latest\. This cannot be undone\./, text);
      assert.equal((await dialog.locator('.monaco-button:focus').first().innerText()).trim(), 'Cancel', 'Cancel is the default button');
      await screenshot(page, '11-delete-manifest-dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      assert.ok(await treeRow(page, '1.0').count(), 'the tag is still listed');
    },
  },
  {
    name: 'Pull Image… on an index lists each platform with the digest that will be pulled',
    async run({ page }) {
      await openViewContainer(page, 'Registry Explorer');
      await expandRow(page, DEMO_REGISTRY_NAME, 'samples/multiarch');
      // Several indexes have a "latest" row; whichever is first, its platforms come with digests.
      await runContextMenuItem(page, 'latest', /Pull Image/);
      await waitForQuickInputTitle(page, 'Pull samples/');
      const rows = page.locator('.quick-input-list .monaco-list-row');
      await rows.nth(2).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const texts = await rows.allInnerTexts();
      assert.match(texts[0], /All platforms/);
      for (const row of texts.slice(1)) assert.match(row, /^linux\/[a-z0-9/]+\s*sha256:[0-9a-f]{64}$/, row);
      await screenshot(page, '12-pull-platform-picker');
      await page.keyboard.press('Escape');
    },
  },
];
