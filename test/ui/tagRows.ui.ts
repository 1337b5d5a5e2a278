// UI checks of tag rows as a person sees them: kind, size, time and short digest filled in beside
// the tag, the hover with the exact time, and Clear Filter offered only on a filtered row.
import * as assert from 'node:assert/strict';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import { answerInputBox, expandRow, openViewContainer, rowDescription, runContextMenuItem, screenshot, STEP_TIMEOUT_MS, treeRow } from './workbench';
import type { Page } from 'playwright-core';

async function foldedTree(page: Page): Promise<void> {
  await openViewContainer(page, 'Registry Explorer');
  await page.locator('.sidebar .action-label[aria-label^="Collapse All"]').first().click({ timeout: STEP_TIMEOUT_MS });
}

/** Waits until the row's description matches, and returns it. */
async function descriptionMatching(page: Page, label: string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const text = await rowDescription(page, label);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`row ${label} never read ${pattern} (last: "${text}")`);
    await page.waitForTimeout(200);
  }
}

/** Drags the side bar's edge `by` pixels to the right; returns how to drag it back. */
async function widenSideBar(page: Page, by: number): Promise<() => Promise<void>> {
  const drag = async (from: number, to: number, y: number) => {
    await page.mouse.move(from, y);
    await page.mouse.down();
    await page.mouse.move(to, y, { steps: 8 });
    await page.mouse.up();
  };
  const box = await page.locator('.part.sidebar').first().boundingBox();
  if (!box) return async () => undefined;
  const edge = box.x + box.width + 1;
  const y = box.y + box.height - 40;
  await drag(edge, edge + by, y);
  return () => drag(edge + by, edge, y);
}

async function contextMenuItems(page: Page, rowLabel: string): Promise<string[]> {
  await treeRow(page, rowLabel).first().click({ button: 'right', timeout: STEP_TIMEOUT_MS });
  const menu = page.getByRole('menu').first();
  await menu.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const items = (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim()).filter(Boolean);
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  return items;
}

export const tagRowChecks: UiCheck[] = [
  {
    name: 'tag rows show kind, size, time and short digest; an index its platforms; the hover the exact time',
    async run({ page }) {
      await foldedTree(page);
      await expandRow(page, DEMO_REGISTRY_NAME, 'samples/hello');
      await expandRow(page, 'samples/hello', '1.0');
      const hello = await descriptionMatching(page, '1.0', /^image · [\d.]+ (B|KB) · .+ · sha256:[0-9a-f]{8} · = \S+( \+\d+)?$/);
      assert.match(hello, /(ago|last year) · /, `a relative time (got "${hello}")`);
      await treeRow(page, 'samples/multiarch').first().click();
      // The index's `latest` is the second `latest` row, below samples/hello's.
      const indexRow = treeRow(page, 'latest').nth(1);
      await indexRow.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      let index = '';
      while (!/^index · 2 platforms · [\d.]+ (B|KB)/.test(index) && Date.now() < deadline) {
        index = (await indexRow.locator('.label-description').textContent()) ?? '';
        await page.waitForTimeout(200);
      }
      assert.match(index, /^index · 2 platforms · [\d.]+ (B|KB)/);
      const narrowAgain = await widenSideBar(page, 260);
      await screenshot(page, '20-tag-rows');
      await treeRow(page, '1.0').first().locator('.label-name').hover();
      const hover = page.locator('.monaco-hover', { hasText: 'Created' }).first();
      await hover.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const text = await hover.innerText();
      assert.match(text, /2024-01-01T00:00:00\.000Z/);
      assert.match(text, /config and layers as stored, compressed/);
      await screenshot(page, '21-tag-row-hover');
      await page.mouse.move(0, 0);
      await narrowAgain();
    },
  },
  {
    name: 'Clear Filter is on a row\'s context menu only while a filter is set',
    async run({ page }) {
      await foldedTree(page);
      assert.ok(!(await contextMenuItems(page, DEMO_REGISTRY_NAME)).includes('Clear Filter'), 'no Clear Filter before filtering');
      await runContextMenuItem(page, DEMO_REGISTRY_NAME, /^Filter…$/);
      await answerInputBox(page, 'samples/');
      await descriptionMatching(page, DEMO_REGISTRY_NAME, /filter: samples\//);
      assert.ok((await contextMenuItems(page, DEMO_REGISTRY_NAME)).includes('Clear Filter'), 'Clear Filter once filtered');
      await runContextMenuItem(page, DEMO_REGISTRY_NAME, /^Clear Filter$/);
      await descriptionMatching(page, DEMO_REGISTRY_NAME, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(!(await contextMenuItems(page, DEMO_REGISTRY_NAME)).includes('Clear Filter'), 'no Clear Filter after clearing');
    },
  },
];
