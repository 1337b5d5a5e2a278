// UI check of "Open Image Filesystem" from a tag row's context menu: the image becomes a folder of
// the workspace, the Explorer shows its files, and one opens read-only with its content. The check
// starts in a saved workspace of the test folder, so adding the image needs no reload. Under
// code-server a window has come up with no folder at all now and then (after the reload of a folder
// window into an untitled workspace, and once on opening the saved workspace), before the extension
// did anything. The check ends by going back to the plain folder window for the checks after it.
import * as assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { Page } from 'playwright-core';
import type { UiCheck } from './uiCheck';
import { collapseRegistryTree, expandRow, openViewContainer, runContextMenuItem, screenshot, STEP_TIMEOUT_MS, treeRow, waitForOpenedFolder, waitForWorkbench } from './workbench';

/**
 * Opens the saved workspace and waits for its folder. Under code-server a workspace window has come
 * up with no folder at all (before the extension did anything); it is then loaded once more.
 */
async function openWorkspaceWindow(page: Page, url: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await page.goto(url, { timeout: 60_000 });
    await waitForWorkbench(page);
    await openViewContainer(page, 'Explorer');
    const folder = treeRow(page, 'workspace').first();
    try {
      await folder.waitFor({ state: 'visible', timeout: attempt === 0 ? 15_000 : STEP_TIMEOUT_MS });
      return;
    } catch (error) {
      if (attempt > 0) throw error;
      console.log('    (the workspace window came up without its folder; loading it again)');
    }
  }
}

export const imageFolderChecks: UiCheck[] = [
  {
    name: 'context menu "Open Image Filesystem" on samples/hello:1.0 shows its files in the Explorer; a file opens read-only',
    async run({ page, server }) {
      try {
        const workspaceFile = join(dirname(server.workspaceDir), 'image-folder.code-workspace');
        await writeFile(workspaceFile, JSON.stringify({ folders: [{ path: server.workspaceDir }] }));
        await openWorkspaceWindow(page, `${server.url}/?${new URLSearchParams({ workspace: workspaceFile }).toString()}`);
        await collapseRegistryTree(page);
        await expandRow(page, DEMO_REGISTRY_NAME, 'samples/hello');
        await expandRow(page, 'samples/hello', '1.0');
        await runContextMenuItem(page, '1.0', /Open Image Filesystem/);
        await openViewContainer(page, 'Explorer');
        await waitForOpenedFolder(page, 'samples/hello:1.0', 'app');
        await expandRow(page, 'app', 'hello.txt');
        await treeRow(page, 'hello.txt').first().click();
        const lines = page.locator('.editor-group-container.active .view-lines').first();
        await lines.filter({ hasText: 'hello from samples/hello' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
        assert.equal((await lines.innerText()).replace(/\u00a0/g, ' ').trim(), 'hello from samples/hello on linux/amd64');
        // Typing changes nothing: the image's file system is read-only.
        await lines.click();
        await page.keyboard.type('typed');
        await page.locator('.monaco-editor-overlaymessage', { hasText: 'read-only' }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
        assert.equal((await lines.innerText()).replace(/\u00a0/g, ' ').trim(), 'hello from samples/hello on linux/amd64');
        assert.equal(await page.locator('.tab.active.dirty').count(), 0, 'the tab says it has unsaved changes');
        await screenshot(page, '20-image-folder');
      } catch (error) {
        // The runner's own screenshot comes after the window went back to its folder.
        await screenshot(page, 'failed-image-folder');
        throw error;
      } finally {
        await page.goto(server.workbenchUrl(), { timeout: 60_000 });
        await waitForWorkbench(page);
      }
    },
  },
];
