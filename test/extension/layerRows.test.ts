import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LayerEntryNode, TreeNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { api, labelOf, menuCommandsFor, useSeededRegistryAndFolder, walk } from './helpers';
import { HELLO_V1, IMAGEFS_REPOSITORY, pushImagefsImages, pushUnsupportedLayerImage, UNSUPPORTED_LAYER_TYPE } from './imagefsImages';

/** Each row as `label — description`, the way the explorer draws it. */
async function drawn(nodes: TreeNode[]): Promise<string[]> {
  const explorer = await api();
  return nodes.map((node) => `${labelOf(node)} — ${String(explorer.treeItem(node).description ?? '')}`);
}

suite('Layer rows: a layer lists its entries', () => {
  useSeededRegistryAndFolder('crx-ext-layers-');
  suiteSetup(async () => {
    await pushImagefsImages();
    await pushUnsupportedLayerImage();
    (await api()).refresh();
  });

  test('expanding a layer row lists its tar entries: directories first, size, mode and owner', async () => {
    const explorer = await api();
    const layer = await walk(explorer, ['Seeded', IMAGEFS_REPOSITORY, 'v1', 'layer 1']);
    assert.equal(explorer.treeItem(layer).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const top = await explorer.children(layer);
    assert.deepEqual(await drawn(top), ['app — drwxr-xr-x · root:root', 'etc — drwxr-xr-x · root:root']);
    const app = await explorer.children(top[0]);
    assert.deepEqual(await drawn(app), [
      'data.bin — 256 B · -rw-r--r-- · root:root',
      'hello.txt — 14 B · -rw-r--r-- · root:root',
      'old.txt — 14 B · -rw-r--r-- · root:root',
      'run.sh — 19 B · -rwxr-xr-x · root:root',
    ]);
    const hello = app[1] as LayerEntryNode;
    const item = explorer.treeItem(hello);
    assert.equal(item.contextValue, 'layerEntry.file');
    assert.equal(item.command?.command, 'registryExplorer.openLayerFile');
    assert.match(String(item.tooltip), /^\/app\/hello\.txt\nType: file\nSize: 14 bytes\nMode: -rw-r--r-- \(0644\)\nOwner: root:root/);
    const uri = await vscode.commands.executeCommand<vscode.Uri>(item.command.command, ...(item.command.arguments ?? []));
    assert.equal(uri?.scheme, 'oci-layer');
    assert.equal(vscode.window.activeTextEditor?.document.getText(), HELLO_V1);
  });

  test('a whiteout is listed where the deleted file was, marked, and does not open', async () => {
    const explorer = await api();
    const layer = await walk(explorer, ['Seeded', IMAGEFS_REPOSITORY, 'v2', 'layer 2']);
    const top = await explorer.children(layer);
    assert.deepEqual(await drawn(top), ['app — directory not listed in this layer']);
    const rows = await explorer.children(top[0]);
    assert.deepEqual(await drawn(rows), [
      'hello.txt — 29 B · -rw-r--r-- · root:root',
      'new.txt — 12 B · -rw-r--r-- · root:root',
      'old.txt — whiteout: deletes /app/old.txt of the layers below',
    ]);
    const whiteout = explorer.treeItem(rows[2]);
    assert.equal(whiteout.contextValue, 'layerEntry.whiteout');
    assert.equal(whiteout.command, undefined);
    assert.deepEqual(menuCommandsFor('layerEntry.whiteout', /./), []);
    assert.ok(menuCommandsFor('layerEntry.file', /^inline/).includes('registryExplorer.openLayerFile'));
  });

  test('a layer of an unsupported type says so in a row', async () => {
    const explorer = await api();
    const layer = await walk(explorer, ['Seeded', 'imagefs/odd', 'v1', 'layer 1']);
    const rows = await explorer.children(layer);
    assert.equal(rows.length, 1, JSON.stringify(await drawn(rows)));
    assert.equal(rows[0].kind, 'message');
    assert.match(labelOf(rows[0]), new RegExp(UNSUPPORTED_LAYER_TYPE.replace(/[.+]/g, '\\$&')));
  });

  test('Browse Layer from the palette: repository, tag, layer, then every entry to pick one that opens', async () => {
    const { result: uri, dialogs } = await withDialogs([
      { kind: 'quickPick', expect: /^Browse layer: repository in Seeded/, answer: IMAGEFS_REPOSITORY },
      { kind: 'quickPick', expect: /^Browse layer: tag of imagefs\/app$/, answer: 'v2' },
      { kind: 'quickPick', expect: /^Browse layer: layer of imagefs\/app:v2$/, answer: 'layer 2' },
      { kind: 'quickPick', expect: /^Layer sha256:[0-9a-f]{12} of imagefs\/app: 4 entries/, answer: '/app/new.txt' },
    ], () => vscode.commands.executeCommand<vscode.Uri>('registryExplorer.browseLayer'));
    assert.ok(uri, JSON.stringify(dialogs.asked));
    assert.deepEqual(dialogs.asked[3].choices, ['/app', '/app/hello.txt', '/app/new.txt', '/app/old.txt']);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), 'added in v2\n');
  });
});
