// UI check of signing in as a person does: a basic-auth registry shows a "Sign-in needed" row;
// "Sign In…" from its context menu asks how, then the username and the password; the tree then
// lists its repositories. The password goes to secret storage, never into settings.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BASIC_PASSWORD, BASIC_REGISTRY_NAME, BASIC_USER } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import {
  answerInputBox, answerQuickPick, openViewContainer, runContextMenuItem, screenshot, STEP_TIMEOUT_MS, treeRow, waitForQuickInputTitle,
} from './workbench';

export const signInChecks: UiCheck[] = [
  {
    name: 'a basic-auth registry asks to sign in; Sign In… with username and password lists its repositories',
    async run({ page, server }) {
      await openViewContainer(page, 'Registry Explorer');
      const registry = treeRow(page, BASIC_REGISTRY_NAME).first();
      await registry.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      if ((await registry.getAttribute('aria-expanded')) !== 'true') await registry.click();
      const signInRow = page.locator('.sidebar .monaco-list-row', { hasText: 'Sign-in needed' }).first();
      await signInRow.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const reposBefore = await treeRow(page, 'samples/hello').count();

      await runContextMenuItem(page, BASIC_REGISTRY_NAME, /Sign In/);
      await waitForQuickInputTitle(page, 'Sign-in for');
      await answerQuickPick(page, 'Username and password');
      await answerInputBox(page, BASIC_USER);
      await answerInputBox(page, BASIC_PASSWORD);

      await signInRow.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
      const row = treeRow(page, BASIC_REGISTRY_NAME).first();
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      while ((await treeRow(page, 'samples/hello').count()) <= reposBefore) {
        if (Date.now() > deadline) assert.fail(`no repositories appeared under ${BASIC_REGISTRY_NAME} after signing in`);
        await page.waitForTimeout(200);
      }
      await screenshot(page, '08-signed-in');

      const settings = await readFile(join(server.userDataDir, 'User', 'settings.json'), 'utf8');
      assert.ok(settings.includes(BASIC_USER), 'the username is kept in settings');
      assert.ok(!settings.includes(BASIC_PASSWORD), 'the password must not be in settings');
    },
  },
];
