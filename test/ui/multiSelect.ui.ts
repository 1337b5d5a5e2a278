// UI check of a multi-selection delete as a person does it: click one tag row, Ctrl-click another,
// press Delete; one modal names both tags with Cancel focused, and the registry then holds neither.
import * as assert from 'node:assert/strict';
import { buildImage } from '../harness/fixtures';
import { rawPushBlob, rawPutManifest } from '../harness/fixturesUpload';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { Page } from 'playwright-core';
import type { UiCheck } from './uiCheck';
import { expandRow, openViewContainer, screenshot, STEP_TIMEOUT_MS, treeRow } from './workbench';

const REPOSITORY = 'ui/multi-delete';

/** Expands a row that a refresh may still be redrawing (a click on the row being replaced is lost): clicks again until it opens. */
async function expandWhileRedrawn(page: Page, label: string, child: string): Promise<void> {
  const row = treeRow(page, label).first();
  for (let attempt = 1; (await row.getAttribute('aria-expanded', { timeout: STEP_TIMEOUT_MS })) !== 'true'; attempt++) {
    if (attempt > 5) assert.fail(`${label} did not open after ${attempt - 1} clicks`);
    await row.click();
    await page.waitForFunction((element) => element?.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 3_000 }).catch(() => undefined);
  }
  await treeRow(page, child).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/** Clicks one row and Ctrl-clicks another, again when a redraw swallowed a click, until both read as selected. */
async function selectTwo(page: Page, first: string, second: string): Promise<void> {
  const selected = async (label: string): Promise<boolean> => (await treeRow(page, label).first().getAttribute('aria-selected', { timeout: STEP_TIMEOUT_MS })) === 'true';
  for (let attempt = 1; ; attempt++) {
    await treeRow(page, first).first().click();
    await treeRow(page, second).first().click({ modifiers: ['Control'] });
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      if (await selected(first) && await selected(second)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (attempt >= 5) assert.fail(`${first} and ${second} were not both selected after ${attempt} tries`);
  }
}

export const multiSelectChecks: UiCheck[] = [
  {
    name: 'Ctrl-click two tag rows, press Delete: one dialog names both, Cancel focused; confirmed, both are gone',
    async run({ page, registries }) {
      const target = { url: registries.anonymous.url };
      for (const tag of ['del-a', 'del-b']) {
        const image = buildImage({ label: `${REPOSITORY}:${tag}` });
        for (const blob of [image.config, ...image.layers]) await rawPushBlob(target, REPOSITORY, blob);
        await rawPutManifest(target, REPOSITORY, tag, image.manifest);
      }
      await openViewContainer(page, 'Registry Explorer');
      // Earlier checks may have listed the repositories before this one existed.
      await page.locator('.sidebar .action-label[aria-label^="Refresh"]').first().click({ timeout: STEP_TIMEOUT_MS });
      await expandRow(page, DEMO_REGISTRY_NAME, REPOSITORY);
      await expandWhileRedrawn(page, REPOSITORY, 'del-b');
      // Tag rows are drawn again once their details arrive; a click on a row being replaced is lost.
      for (const tag of ['del-a', 'del-b']) {
        await treeRow(page, tag).first().locator('.label-description', { hasText: /^image · / }).waitFor({ timeout: STEP_TIMEOUT_MS });
      }
      await selectTwo(page, 'del-a', 'del-b');
      await screenshot(page, '13-two-tags-selected');
      await page.keyboard.press('Delete');

      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const text = await dialog.innerText();
      assert.match(text, /Delete 2 tags\?/, text);
      assert.match(text, /ui\/multi-delete:del-a \(its manifest sha256:[0-9a-f]{12} stays\)/, text);
      assert.match(text, /ui\/multi-delete:del-b \(its manifest sha256:[0-9a-f]{12} stays\)/, text);
      assert.equal((await dialog.locator('.monaco-button:focus').first().innerText()).trim(), 'Cancel', 'Cancel is the default button');
      await screenshot(page, '14-multi-delete-dialog');
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      // docker-registry cannot delete a tag alone: the second question names both manifests.
      const second = page.locator('.monaco-dialog-box', { hasText: 'cannot delete tags alone' }).first();
      await second.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      assert.match(await second.innerText(), /with tag del-a[\s\S]*with tag del-b/);
      await second.getByRole('button', { name: 'Delete Manifests' }).click();
      await second.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });

      const deadline = Date.now() + STEP_TIMEOUT_MS;
      let tags: unknown;
      do {
        const response = await fetch(`${registries.anonymous.url}/v2/${REPOSITORY}/tags/list`);
        tags = ((await response.json()) as { tags?: unknown }).tags;
        if (tags === null || (Array.isArray(tags) && tags.length === 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      } while (Date.now() < deadline);
      assert.ok(tags === null || (Array.isArray(tags) && tags.length === 0), `tags left: ${JSON.stringify(tags)}`);
      await treeRow(page, 'del-a').first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
    },
  },
];
