import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ImageManifest } from '../../src/registry/types';
import type { BlobNode, ManifestNode, TagNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { api, useSeededRegistryAndFolder, walk } from './helpers';

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

suite('Image summary and config', () => {
  const name = 'Seeded';
  useSeededRegistryAndFolder('crx-ext-summary-');

  test('Open Config from a tag, a platform row and a config row shows the exact bytes in a read-only document', async () => {
    const explorer = await api();
    const tag = await walk(explorer, [name, 'samples/hello', '1.0']) as TagNode;
    const platform = await walk(explorer, [name, 'samples/multiarch', 'latest', 'linux/arm64/v8']) as ManifestNode;
    const configRow = await walk(explorer, [name, 'samples/multiarch', 'latest', 'linux/arm64/v8', 'config']) as BlobNode;
    const client = await explorer.clientFor(tag.registry);
    const helloConfig = (await client.getManifest('samples/hello', '1.0')).manifest as ImageManifest;
    for (const [node, digest] of [[tag, helloConfig.config.digest], [platform, configRow.descriptor.digest], [configRow, configRow.descriptor.digest]] as const) {
      const uri = await vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openConfig', node, [node]);
      assert.ok(uri, `no config opened for ${node.kind}`);
      const document = await vscode.workspace.openTextDocument(uri);
      assert.equal(sha256(document.getText()), digest);
      assert.equal(document.languageId, 'json');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
      // A provider's document: never an untitled one that asks to be saved.
      assert.equal(document.uri.scheme, 'registry-image');
      assert.equal(document.isUntitled, false);
      assert.equal(document.isDirty, false);
    }
  });

  test('Show Image Summary on a platform row: platform, environment, layers with sizes and history', async () => {
    const explorer = await api();
    const platform = await walk(explorer, [name, 'samples/multiarch', 'latest', 'linux/arm64/v8']) as ManifestNode;
    const layer = await walk(explorer, [name, 'samples/multiarch', 'latest', 'linux/arm64/v8', 'layer 1']) as BlobNode;
    const uri = await vscode.commands.executeCommand<vscode.Uri>('registryExplorer.showImageSummary', platform, [platform]);
    assert.ok(uri, 'no summary opened');
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /^Image 127\.0\.0\.1:\d+\/samples\/multiarch@[0-9a-f]{12} \(linux\/arm64\/v8\)$/m);
    assert.match(text, /^Platform: +linux\/arm64\/v8$/m);
    assert.match(text, /^Environment \(1\)\n {2}PATH=\/usr\/local\/bin:\/usr\/bin:\/bin$/m);
    assert.match(text, /^ {2}org\.example\.label = samples\/multiarch$/m);
    assert.match(text, /^Command: +\["\/bin\/sh","-c","cat \/app\/hello\.txt"\]$/m);
    assert.match(text, new RegExp(`^Compressed size: .*\\(1 layer, config \\d+ B\\)$`, 'm'));
    assert.match(text, new RegExp(`^ {2}1 +1 +${layer.descriptor.size} B +${layer.descriptor.digest.slice(0, 19)} +crx fixtures: samples/multiarch$`, 'm'));
  });

  test('Show Image Summary from the palette asks for repository, tag and platform', async () => {
    const { result: uri, dialogs } = await withDialogs([
      { kind: 'quickPick', expect: /^Show image summary: repository in Seeded/, answer: 'samples/multiarch' },
      { kind: 'quickPick', expect: /^Show image summary: tag of samples\/multiarch$/, answer: 'latest' },
      { kind: 'quickPick', expect: /^Choose a platform of samples\/multiarch:latest$/, answer: 'linux/amd64' },
    ], () => vscode.commands.executeCommand<vscode.Uri>('registryExplorer.showImageSummary'));
    assert.ok(uri, `no summary opened; asked: ${JSON.stringify(dialogs.asked)}`);
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /^Image 127\.0\.0\.1:\d+\/samples\/multiarch:latest \(linux\/amd64\)$/m);
    assert.match(text, /^Platform: +linux\/amd64$/m);
  });

  test('the summary of an artifact says what is missing instead of failing', async () => {
    const explorer = await api();
    const tag = await walk(explorer, [name, 'samples/artifact', 'v1']) as TagNode;
    const uri = await vscode.commands.executeCommand<vscode.Uri>('registryExplorer.showImageSummary', tag, [tag]);
    assert.ok(uri);
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /^Build history: none in the config$/m);
    assert.match(text, /^Layers \(1\)$/m);
    assert.match(text, /^ {2}The config's media type is application\/vnd\.oci\.empty\.v1\+json: this is an artifact, not a runnable image\.$/m);
  });
});
