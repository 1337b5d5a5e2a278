// UI check of editing a Docker manifest list and pushing it as a new tag: "Edit Manifest as JSON" from
// the tag's context menu, the text replaced in the editor, "Push Manifest…" from the command
// palette, the repository picked and a tag typed in; the registry must then hold exactly the edited bytes under that tag.
// Pushed again to the tag it came from, which points elsewhere, it asks first (both digests, Cancel the default).
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import {
  answerInputBox, answerQuickPick, expandRow, notificationTexts, openViewContainer, replaceEditorText, runContextMenuItem,
  runFromCommandPalette, screenshot, STEP_TIMEOUT_MS, treeRow, waitForQuickInputTitle,
} from './workbench';

const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const NEW_TAG = 'edited-in-ui';

export const manifestPushChecks: UiCheck[] = [
  {
    name: `edit samples/dockerlist:latest (a Docker manifest list) and push it as :${NEW_TAG}`,
    async run({ page, registries }) {
      const original = JSON.parse(registries.content.dockerList.index.bytes.toString('utf8')) as Record<string, unknown>;
      // A manifest list has no annotations: the edit keeps only the amd64 entry.
      const manifests = (original.manifests as Array<{ platform: { architecture: string } }>).filter((m) => m.platform.architecture === 'amd64');
      const edited = JSON.stringify({ ...original, manifests }, null, 2);
      const expectedDigest = `sha256:${createHash('sha256').update(edited).digest('hex')}`;

      await openViewContainer(page, 'Registry Explorer');
      // Earlier checks left samples/multiarch open with its own "latest" row: close it first.
      const multiarch = treeRow(page, 'samples/multiarch').first();
      if ((await multiarch.getAttribute('aria-expanded')) === 'true') await multiarch.click();
      await treeRow(page, 'linux/amd64').first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
      await expandRow(page, DEMO_REGISTRY_NAME, 'samples/dockerlist');
      await expandRow(page, 'samples/dockerlist', 'latest');
      await runContextMenuItem(page, 'latest', /Edit Manifest as JSON/);
      await page.locator('.tab', { hasText: /samples-dockerlist-latest/ }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await replaceEditorText(page, edited);
      await screenshot(page, '05-manifest-edited');

      await runFromCommandPalette(page, 'Registry Explorer: Push Manifest');
      await answerQuickPick(page, 'samples/dockerlist'); // the repository
      await waitForQuickInputTitle(page, 'Push to samples/dockerlist');
      await answerInputBox(page, NEW_TAG); // the tag
      await page.locator('.notification-toast', { hasText: 'Pushed' }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
        .catch(async () => assert.fail(`no "Pushed …" notification; shown: ${JSON.stringify(await notificationTexts(page))}`));
      await screenshot(page, '06-manifest-pushed');

      const response = await fetch(`${registries.anonymous.url}/v2/samples/dockerlist/manifests/${NEW_TAG}`, { headers: { Accept: DOCKER_LIST } });
      assert.equal(response.status, 200, `GET :${NEW_TAG}`);
      const stored = Buffer.from(await response.arrayBuffer());
      assert.equal(stored.toString('utf8'), edited, 'the registry holds exactly the edited text');
      assert.equal(response.headers.get('docker-content-digest'), expectedDigest);

      // Pushed again as offered (the tag it came from, which points at the original): asked first, both digests named.
      const originalDigest = `sha256:${createHash('sha256').update(registries.content.dockerList.index.bytes).digest('hex')}`;
      await page.locator('.tab', { hasText: /samples-dockerlist-latest/ }).first().click();
      await runFromCommandPalette(page, 'Registry Explorer: Push Manifest');
      await answerQuickPick(page, 'samples/dockerlist');
      await waitForQuickInputTitle(page, 'Push to samples/dockerlist');
      const tagBox = page.locator('.quick-input-widget input');
      assert.equal(await tagBox.inputValue(), 'latest', 'the tag box offers the tag the manifest came from');
      await tagBox.press('Enter');
      const dialog = page.locator('.monaco-dialog-box', { hasText: 'already points at another manifest' }).first();
      await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const text = await dialog.innerText();
      assert.match(text, /samples\/dockerlist:latest already points at another manifest\. Move the tag\?/, text);
      assert.ok(text.includes(`Current: ${originalDigest}`) && text.includes(`New: ${expectedDigest}`), text);
      assert.equal((await dialog.locator('.monaco-button:focus').first().innerText()).trim(), 'Cancel', 'Cancel is the default button');
      await screenshot(page, '06b-overwrite-question');
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
      await dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      const latest = await fetch(`${registries.anonymous.url}/v2/samples/dockerlist/manifests/latest`, { method: 'HEAD', headers: { Accept: DOCKER_LIST } });
      assert.equal(latest.headers.get('docker-content-digest'), originalDigest, 'Cancel leaves :latest where it was');
    },
  },
];
