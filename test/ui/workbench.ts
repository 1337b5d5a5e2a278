// What a person does in the VS Code workbench, as playwright steps: wait for it to load, open a
// view container from the activity bar, find and expand tree rows by their label, take
// screenshots. Selectors are VS Code's own DOM classes (monaco-list-row, label-name, activitybar).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { testResultsDir } from '../harness/toolPaths';

export const STEP_TIMEOUT_MS = 30_000;

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.activitybar').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/** Clicks the activity bar icon whose title starts with `title`, unless its view is already open. */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const label = `.action-label[aria-label^="${title}"]`;
  const icon = page.locator(`.activitybar .action-item ${label}`);
  await icon.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const item = page.locator(`.activitybar .action-item:has(${label})`);
  if ((await item.getAttribute('class', { timeout: STEP_TIMEOUT_MS }))?.includes('checked')) return;
  await icon.click();
  await page.locator(`.sidebar .title-label h2[title^="${title}" i], .sidebar .title-label h2:has-text("${title}")`)
    .first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/** The tree row whose label is exactly `label` (descriptions are not part of it). */
export function treeRow(page: Page, label: string): Locator {
  const name = page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) });
  return page.locator('.sidebar .monaco-list-row', { has: name });
}

/** Clicks a collapsed row open and waits until the registry answered and a child row is drawn. */
export async function expandRow(page: Page, label: string, expectChild: string): Promise<void> {
  const row = treeRow(page, label).first();
  await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  // The row is looked up each time: a refresh draws it anew, and a handle to the old one never changes.
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while ((await row.getAttribute('aria-expanded', { timeout: STEP_TIMEOUT_MS })) !== 'true') {
    if (Date.now() > deadline) throw new Error(`row ${label} did not expand within ${STEP_TIMEOUT_MS} ms`);
    await page.waitForTimeout(100);
  }
  await treeRow(page, expectChild).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/**
 * Collapse All of the registry tree. With a second view in the container (Image Changes, after a
 * comparison) the tree's actions are on its own header, drawn only while the pointer is over it.
 */
export async function collapseRegistryTree(page: Page): Promise<void> {
  await openViewContainer(page, 'Registry Explorer');
  const header = page.locator('.sidebar .pane-header', { hasText: 'Registries' }).first();
  const scope = await header.isVisible() ? header : page.locator('.sidebar .composite.title').first();
  await scope.hover();
  await scope.locator('.action-label[aria-label^="Collapse All"]').first().click({ timeout: STEP_TIMEOUT_MS });
}

/**
 * Waits for a workspace folder that VS Code expands by itself (the folders of a new workspace) to
 * show `child`. An extension's file system comes only once the reloaded window's extension host has
 * started it, seconds later; until then the folder's row may read as collapsed while its expansion
 * is pending, and a click on it would collapse it.
 */
export async function waitForOpenedFolder(page: Page, label: string, child: string): Promise<void> {
  await treeRow(page, label).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await treeRow(page, child).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/** The active editor's text once it shows `expected`, with the non-breaking spaces it draws made plain. */
export async function editorText(page: Page, expected: string): Promise<string> {
  const lines = page.locator('.editor-group-container.active .view-lines').first();
  await lines.filter({ hasText: expected }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  return (await lines.innerText()).replace(/\u00a0/g, ' ').trim();
}

/** The description drawn beside a row's label (sizes, digests, media types). */
export async function rowDescription(page: Page, label: string): Promise<string> {
  return (await treeRow(page, label).first().locator('.label-description').textContent({ timeout: STEP_TIMEOUT_MS })) ?? '';
}

/** Saves test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(testResultsDir, { recursive: true });
  const path = join(testResultsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Right-clicks a tree row and chooses `item` from its context menu. */
export async function runContextMenuItem(page: Page, rowLabel: string, item: RegExp): Promise<void> {
  const row = treeRow(page, rowLabel).first();
  await row.click({ button: 'right', timeout: STEP_TIMEOUT_MS });
  const entry = page.getByRole('menuitem', { name: item }).first();
  await entry.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await entry.click();
  // A click that lands while the menu is still settling can be lost (seen once in CI): the menu
  // then stays open with the item highlighted, so choose it with the keyboard instead.
  const menu = page.getByRole('menu').first();
  const closed = await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false);
  if (!closed) {
    await entry.focus();
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }
}

/** The text of the notification toasts currently shown (e.g. "Saved … (verified …)"). */
export async function notificationTexts(page: Page): Promise<string[]> {
  return page.locator('.notification-toast .notification-list-item-message').allTextContents();
}

/** Runs a command by its title from the command palette (F1). */
export async function runFromCommandPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.press('Enter');
}

/** Answers the open quick input (an input box) with `value`, replacing what it holds. */
export async function answerInputBox(page: Page, value: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(value);
  await input.press('Enter');
}

/** Types `value` into the open quick pick and accepts once a row labelled exactly so is listed. */
export async function answerQuickPick(page: Page, value: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(value);
  const label = page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(value)}$`) });
  await page.locator('.quick-input-list .monaco-list-row', { has: label }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.press('Enter');
}

/** Waits until the quick input shows a title containing `title` (e.g. the next step of a flow). */
export async function waitForQuickInputTitle(page: Page, title: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first()
    .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/** Replaces the whole text of the active editor; exact with the settings of EDITOR_AS_IS_SETTINGS. */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await lines.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await lines.click(); // focuses the editor's input element (a textarea or an EditContext)
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** Editor settings that make typed text land exactly as given (no auto-closing, no suggestions). */
export const EDITOR_AS_IS_SETTINGS: Record<string, unknown> = {
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.formatOnPaste': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
};
