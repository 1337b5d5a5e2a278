// UI checks of Add Tag and Copy to, clicked as a person does from a tag row's context menu; skopeo
// then reads what the registries hold: the new tag and the copy in the other (basic-auth) registry
// must carry exactly the source's manifest bytes and blobs.
import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageBlobs } from '../harness/fixtures';
import { dockerTransport, skopeoAccessFor, skopeoCopyToDir, skopeoInspectRaw } from '../harness/skopeo';
import { BASIC_PASSWORD, BASIC_REGISTRY_NAME, BASIC_USER, DEMO_REGISTRY_NAME } from '../harness/testRegistries';
import type { UiCheck } from './uiCheck';
import {
  answerInputBox, answerQuickPick, expandRow, openViewContainer, runContextMenuItem, screenshot, STEP_TIMEOUT_MS, treeRow, waitForQuickInputTitle,
} from './workbench';

const NEW_TAG = 'tagged-in-ui';
const COPY_REPOSITORY = 'copied/hello';
const COPY_TAG = 'copied-in-ui';

/** Polls until `url` answers 200 (the command runs on after the last click). */
async function waitForManifest(url: string, headers: Record<string, string> = {}): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const response = await fetch(url, { method: 'HEAD', headers: { accept: 'application/vnd.oci.image.manifest.v1+json', ...headers } });
    if (response.status === 200) return;
    if (Date.now() > deadline) assert.fail(`${url} still answers ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function openHelloTag(page: Parameters<UiCheck['run']>[0]['page']): Promise<void> {
  await openViewContainer(page, 'Registry Explorer');
  await expandRow(page, DEMO_REGISTRY_NAME, 'samples/hello');
  await expandRow(page, 'samples/hello', '1.0');
}

export const copyChecks: UiCheck[] = [
  {
    name: `Add Tag… on samples/hello:1.0 adds :${NEW_TAG} with the same manifest bytes (skopeo)`,
    async run({ page, registries }) {
      await openHelloTag(page);
      await runContextMenuItem(page, '1.0', /^Add Tag/);
      await waitForQuickInputTitle(page, 'Add a tag to samples/hello@');
      await answerInputBox(page, NEW_TAG);
      await waitForManifest(`${registries.anonymous.url}/v2/samples/hello/manifests/${NEW_TAG}`);
      await treeRow(page, NEW_TAG).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await screenshot(page, '10-tag-added');
      const raw = await skopeoInspectRaw(dockerTransport(registries.anonymous.host, `samples/hello:${NEW_TAG}`), await skopeoAccessFor(registries.anonymous));
      assert.ok(raw.equals(registries.content.hello.manifest.bytes), 'the new tag holds the exact manifest bytes');
    },
  },
  {
    name: `Copy to… the basic-auth registry copies samples/hello:1.0 with every blob (skopeo)`,
    async run({ page, registries }) {
      const basic = registries.basic;
      assert.ok(basic, 'the basic-auth registry is running');
      await openHelloTag(page);
      await runContextMenuItem(page, '1.0', /^Copy to/);
      await answerQuickPick(page, BASIC_REGISTRY_NAME);
      await waitForQuickInputTitle(page, 'repository in');
      await answerQuickPick(page, COPY_REPOSITORY);
      await waitForQuickInputTitle(page, `to ${COPY_REPOSITORY}`);
      await answerInputBox(page, COPY_TAG);
      await answerQuickPick(page, 'Copy the image only');
      const authorization = `Basic ${Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64')}`;
      await waitForManifest(`${basic.url}/v2/${COPY_REPOSITORY}/manifests/${COPY_TAG}`, { authorization });
      await screenshot(page, '11-copied');

      const access = await skopeoAccessFor(basic, { username: BASIC_USER, password: BASIC_PASSWORD });
      const hello = registries.content.hello;
      const raw = await skopeoInspectRaw(dockerTransport(basic.host, `${COPY_REPOSITORY}:${COPY_TAG}`), access);
      assert.ok(raw.equals(hello.manifest.bytes), 'the copy holds the exact manifest bytes');
      const dir = await mkdtemp(join(tmpdir(), 'crx-ui-copy-'));
      try {
        await skopeoCopyToDir(dockerTransport(basic.host, `${COPY_REPOSITORY}:${COPY_TAG}`), join(dir, 'out'), access);
        const names = await readdir(join(dir, 'out'));
        for (const blob of imageBlobs(hello).filter((b) => b !== hello.manifest)) {
          const name = blob.digest.slice('sha256:'.length);
          assert.ok(names.includes(name), `blob ${blob.digest} copied`);
          assert.ok((await readFile(join(dir, 'out', name))).equals(blob.bytes), `blob ${blob.digest} has the same bytes`);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
];
