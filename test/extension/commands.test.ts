import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { BlobNode, TagNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { api, seededRegistryUrl, useSeededRegistryAndFolder, walk } from './helpers';

const sha256 = (bytes: Uint8Array | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

suite('Commands', () => {
  const name = 'Seeded';
  const scratch = useSeededRegistryAndFolder('crx-ext-test-');

  test('downloads a layer into the folder, verified, with no temporary file left', async () => {
    const explorer = await api();
    const layer = await walk(explorer, [name, 'samples/multiarch', 'latest', 'linux/amd64', 'layer 1']) as BlobNode;
    const { result: saved } = await withDialogs([{ kind: 'openDialog', expect: /^Download to folder$/, answer: scratch.folder }],
      () => vscode.commands.executeCommand<string>('registryExplorer.downloadLayer', layer, [layer]));
    assert.ok(saved, 'download returned no path');
    const bytes = await readFile(saved);
    assert.equal(bytes.length, layer.descriptor.size);
    assert.equal(sha256(bytes), layer.descriptor.digest);
    assert.deepEqual(await readdir(scratch.folder), [saved.split('/').pop()]);
  });

  test('downloads a config and opens the saved file', async () => {
    const explorer = await api();
    const config = await walk(explorer, [name, 'samples/hello', '1.0', 'config']) as BlobNode;
    const { result: saved } = await withDialogs([{ kind: 'openDialog', expect: /^Download to folder$/, answer: scratch.folder }],
      () => vscode.commands.executeCommand<string>('registryExplorer.downloadConfig', config, [config]));
    assert.equal(sha256(await readFile(saved)), config.descriptor.digest);
    const shown = vscode.window.activeTextEditor?.document;
    assert.equal(shown?.languageId, 'json');
    assert.equal(shown?.uri.fsPath, saved);
  });

  test('opens a manifest read-only with its exact bytes', async () => {
    const explorer = await api();
    const tag = await walk(explorer, [name, 'samples/multiarch', 'latest']) as TagNode;
    const uri = await vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openManifest', tag);
    const document = await vscode.workspace.openTextDocument(uri);
    const client = await explorer.clientFor(tag.registry);
    const fetched = await client.getManifest('samples/multiarch', 'latest');
    assert.equal(document.getText(), fetched.bytes.toString('utf8'));
    assert.equal(sha256(document.getText()), fetched.digest);
    assert.ok(uri.path.endsWith(`samples\u2215multiarch:latest @${fetched.digest.slice(7, 19)}.json`), uri.path);
  });

  test('copies reference, digest and pull command', async () => {
    const explorer = await api();
    const tag = await walk(explorer, [name, 'samples/hello', '1.0']) as TagNode;
    const host = new URL(seededRegistryUrl()).host;
    assert.equal(await vscode.commands.executeCommand('registryExplorer.copyReference', tag), `${host}/samples/hello:1.0`);
    assert.equal(await vscode.env.clipboard.readText(), `${host}/samples/hello:1.0`);
    const digest = await vscode.commands.executeCommand<string>('registryExplorer.copyDigest', tag);
    const client = await explorer.clientFor(tag.registry);
    assert.equal(digest, (await client.getManifest('samples/hello', '1.0')).digest);
    assert.equal(await vscode.commands.executeCommand('registryExplorer.copyPullCommand', tag), `docker pull ${host}/samples/hello:1.0`);
  });

  test('pushes an edited Docker manifest list with the exact bytes, then deletes its tag', async () => {
    const explorer = await api();
    const registry = (await walk(explorer, [name])) ;
    assert.equal(registry.kind, 'registry');
    const client = await explorer.clientFor(registry.kind === 'registry' ? registry.registry : { url: '' });
    const list = await client.getManifest('samples/dockerlist', 'latest');
    const child = (list.manifest as { manifests: Array<{ digest: string; size: number; mediaType: string }> }).manifests[0];
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('registryExplorer.newManifest', 'docker-manifest-list');
    assert.ok(document.uri.path.endsWith('.docker-manifest-list.json'), document.uri.path);
    const edited = JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [{ mediaType: child.mediaType, digest: child.digest, size: child.size, platform: { architecture: 'amd64', os: 'linux' } }],
    }, null, 3);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), edited));
    const { result: digest, dialogs } = await withDialogs([
      { kind: 'quickPick', expect: /^Push application\/vnd\.docker\.distribution\.manifest\.list\.v2\+json to repository: repository in Seeded — Repository name/, answer: 'samples/dockerlist' },
      { kind: 'input', expect: /^Push to samples\/dockerlist — Tag \(leave empty to push by digest only\)$/, answer: 'edited' },
    ], () => vscode.commands.executeCommand<string>('registryExplorer.pushManifest', document.uri));
    assert.deepEqual(dialogs.messages('info'), [`Pushed samples/dockerlist:edited @ ${sha256(edited)}`]);
    assert.equal(digest, sha256(edited));
    const back = await client.getManifest('samples/dockerlist', 'edited');
    assert.equal(back.bytes.toString('utf8'), edited);
    assert.equal(back.mediaType, 'application/vnd.docker.distribution.manifest.list.v2+json');

    const tag = await walk(explorer, [name, 'samples/dockerlist', 'edited']) as TagNode;
    const host = new URL(seededRegistryUrl()).host;
    const { result } = await withDialogs([
      { kind: 'question', expect: new RegExp(`^Delete tag ${host}/samples/dockerlist:edited\\?$`), answer: 'Delete' },
      { kind: 'question', expect: new RegExp(`^This registry cannot delete the tag edited alone\\. Delete manifest ${digest} instead\\?$`), answer: 'Delete Manifest' },
    ], () => vscode.commands.executeCommand('registryExplorer.deleteTag', tag, [tag]));
    assert.equal(result, true);
    await assert.rejects(client.getManifest('samples/dockerlist', 'edited'));
  });

  test('refuses invalid JSON and a mediaType that disagrees with the shape, pushing nothing', async () => {
    for (const text of ['{ "schemaVersion": 2, ', JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', config: {}, layers: [] })]) {
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: text });
      const { result, dialogs } = await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.pushManifest', document.uri));
      assert.equal(result, undefined);
      assert.match(dialogs.messages('error')[0] ?? '', /^Not pushed: /);
    }
    const explorer = await api();
    const registry = await walk(explorer, [name]);
    const client = await explorer.clientFor(registry.kind === 'registry' ? registry.registry : { url: '' });
    await assert.rejects(client.getManifest('samples/hello', 'must-not-exist'));
  });

  test('mounts missing blobs from a source repository before pushing', async () => {
    const explorer = await api();
    const registry = await walk(explorer, [name]);
    const client = await explorer.clientFor(registry.kind === 'registry' ? registry.registry : { url: '' });
    const source = await client.getManifest('samples/hello', '1.0');
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: source.bytes.toString('utf8') });
    const { result: digest } = await withDialogs([
      { kind: 'quickPick', expect: /to repository: repository in Seeded/, answer: 'copies/hello' },
      { kind: 'input', expect: /^Push to copies\/hello — Tag/, answer: 'mounted' },
      { kind: 'question', expect: /^\d+ referenced item\(s\) are missing from copies\/hello; the registry will likely refuse the manifest\.$/, answer: 'Mount from…' },
      { kind: 'quickPick', expect: /^Mount missing content from repository: repository in Seeded/, answer: 'samples/hello' },
    ], () => vscode.commands.executeCommand<string>('registryExplorer.pushManifest', document.uri));
    assert.equal(digest, source.digest);
    assert.equal((await client.getManifest('copies/hello', 'mounted')).digest, source.digest);
  });
});
