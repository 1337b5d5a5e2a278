import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { BlobNode, TagNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { api, pushVariantOfHello, seededClient, useSeededRegistryAndFolder, walk } from './helpers';

const sha256 = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const REPOSITORY = 'samples/hello';

const tagRow = async (name: string) => walk(await api(), ['Seeded', REPOSITORY, name]) as Promise<TagNode>;

suite('Multi-selection: delete, download and copy several rows at once', () => {
  const scratch = useSeededRegistryAndFolder('crx-multi-');

  test('Delete Tag on two selected tags: one question naming both (Cancel first); Cancel deletes nothing', async () => {
    const digestA = await pushVariantOfHello('\n', ['multi-a']);
    const digestB = await pushVariantOfHello('\n\n', ['multi-b']);
    const [a, b] = [await tagRow('multi-a'), await tagRow('multi-b')];
    const { dialogs } = await withDialogs([{ kind: 'question', expect: /^Delete 2 tags\?$/, answer: 'Cancel' }],
      () => vscode.commands.executeCommand('registryExplorer.deleteTag', a, [a, b]));
    const [asked] = dialogs.asked;
    assert.equal(asked.choices?.[0], 'Cancel');
    assert.match(asked.detail ?? '', new RegExp(`tag 127\\.0\\.0\\.1:\\d+/samples/hello:multi-a \\(its manifest ${digestA.slice(0, 19)} stays\\)\\n`));
    assert.match(asked.detail ?? '', new RegExp(`tag 127\\.0\\.0\\.1:\\d+/samples/hello:multi-b \\(its manifest ${digestB.slice(0, 19)} stays\\)`));
    const client = await seededClient();
    assert.equal((await client.headManifest(REPOSITORY, 'multi-a'))?.digest, digestA);
    assert.equal((await client.headManifest(REPOSITORY, 'multi-b'))?.digest, digestB);
  });

  test('Delete Tag on two selected tags of a registry that cannot delete tags alone: asked once more, naming both manifests; both go', async () => {
    const [a, b] = [await tagRow('multi-a'), await tagRow('multi-b')];
    const { dialogs } = await withDialogs([
      { kind: 'question', expect: /^Delete 2 tags\?$/, answer: 'Delete' },
      { kind: 'question', expect: /^This registry cannot delete tags alone\. Delete their manifests instead\?$/, answer: 'Delete Manifests' },
    ], () => vscode.commands.executeCommand('registryExplorer.deleteTag', a, [a, b]));
    assert.match(dialogs.asked[1].detail ?? '', /with tag multi-a\n.*with tag multi-b$/);
    assert.deepEqual(dialogs.messages('error'), []);
    const client = await seededClient();
    assert.equal(await client.headManifest(REPOSITORY, 'multi-a'), undefined);
    assert.equal(await client.headManifest(REPOSITORY, 'multi-b'), undefined);
  });

  test('Delete Manifest on two tags of one manifest: one manifest named with both tags, deleted once', async () => {
    const digest = await pushVariantOfHello('\n\n\n', ['same-1', 'same-2']);
    const [one, two] = [await tagRow('same-1'), await tagRow('same-2')];
    const { dialogs } = await withDialogs([{ kind: 'question', expect: /^Delete 1 manifest\?$/, answer: 'Delete' }],
      () => vscode.commands.executeCommand('registryExplorer.deleteManifest', one, [one, two]));
    assert.match(dialogs.asked[0].detail ?? '', new RegExp(`^manifest 127\\.0\\.0\\.1:\\d+/samples/hello@${digest} with tags same-1 and same-2\\n`));
    assert.deepEqual(dialogs.messages('error'), []);
    assert.equal(await (await seededClient()).headManifest(REPOSITORY, digest), undefined);
  });

  test('the Delete key (a keybinding: no row handed over) deletes the tag selected in the view', async () => {
    const digest = await pushVariantOfHello('\n\n\n\n', ['key-del']);
    const explorer = await api();
    await explorer.view.reveal(await tagRow('key-del'), { select: true, focus: true });
    await withDialogs([
      { kind: 'question', expect: /^Delete tag 127\.0\.0\.1:\d+\/samples\/hello:key-del\?$/, answer: 'Delete' },
      { kind: 'question', expect: /cannot delete the tag key-del alone/, answer: 'Delete Manifest' },
    ], () => vscode.commands.executeCommand('registryExplorer.deleteSelection'));
    assert.equal(await (await seededClient()).headManifest(REPOSITORY, digest), undefined);
  });

  test('a right-click outside the selection acts on the clicked row alone', async () => {
    const [hello, multi] = [await tagRow('1.0'), await walk(await api(), ['Seeded', 'samples/multiarch', 'latest']) as TagNode];
    const copied = await vscode.commands.executeCommand<string>('registryExplorer.copyReference', hello, [multi]);
    assert.match(copied ?? '', /^127\.0\.0\.1:\d+\/samples\/hello:1\.0$/);
  });

  test('Copy Reference and Copy Digest on several rows copy one line per row', async () => {
    const explorer = await api();
    const hello = await tagRow('1.0');
    const multi = await walk(explorer, ['Seeded', 'samples/multiarch', 'latest']) as TagNode;
    const host = new URL(hello.registry.url).host;
    const references = await vscode.commands.executeCommand<string>('registryExplorer.copyReference', hello, [hello, multi]);
    assert.equal(references, `${host}/samples/hello:1.0\n${host}/samples/multiarch:latest`);
    assert.equal(await vscode.env.clipboard.readText(), references);
    const client = await seededClient();
    const digests = await vscode.commands.executeCommand<string>('registryExplorer.copyDigest', multi, [hello, multi]);
    assert.equal(digests, `${(await client.getManifest(REPOSITORY, '1.0')).digest}\n${(await client.getManifest('samples/multiarch', 'latest')).digest}`);
  });

  test('Download Layer on several layer rows: one folder question, every layer saved and verified', async () => {
    const explorer = await api();
    const first = await walk(explorer, ['Seeded', REPOSITORY, '1.0', 'layer 1']) as BlobNode;
    const second = await walk(explorer, ['Seeded', 'samples/multiarch', 'latest', 'linux/amd64', 'layer 1']) as BlobNode;
    const config = await walk(explorer, ['Seeded', REPOSITORY, '1.0', 'config']) as BlobNode;
    assert.notEqual(first.descriptor.digest, second.descriptor.digest);
    const { result, dialogs } = await withDialogs([{ kind: 'openDialog', expect: /Download to folder/, answer: scratch.folder }],
      () => vscode.commands.executeCommand<string[]>('registryExplorer.downloadLayer', first, [first, config, second]));
    assert.equal(result?.length, 2, 'the config row in the selection is not a layer');
    assert.equal(dialogs.asked.filter((a) => a.kind === 'openDialog').length, 1);
    assert.match(dialogs.messages('info').join('\n'), /Saved 2 of 2 files to /);
    const files = await readdir(scratch.folder);
    for (const blob of [first, second]) {
      const name = files.find((f) => f.startsWith(blob.descriptor.digest.slice(7)));
      assert.ok(name, `no file for ${blob.descriptor.digest} in ${files.join(', ')}`);
      assert.equal(sha256(await readFile(join(scratch.folder, name))), blob.descriptor.digest);
    }
  });
});
