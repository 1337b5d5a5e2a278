import * as assert from 'node:assert/strict';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Comparison } from '../../src/ui/imagefs/compareCommand';
import type { FindResult } from '../../src/ui/imagefs/findInImage';
import type { LayerEntryNode, TagNode, TreeNode } from '../../src/ui/tree/nodes';
import { runCommand } from '../harness/runCommand';
import { withDialogs } from './dialogs';
import { recordingFolderAdds } from './folderAdds';
import { api, labelOf, menuCommandsFor, seededRegistryUrl, setRegistries, useSeededRegistryAndFolder, walk } from './helpers';

const HELLO = 'hello from samples/hello on linux/amd64\n';
const MULTIARCH_AMD64 = 'hello from samples/multiarch on linux/amd64\n';
/** A folder name with capitals, a space and a '%', which a URI must carry exactly. */
const FOLDER_NAME = 'Hello Layout %41';
/** The repository the layout shows as: its folder's name in the OCI grammar. */
const REPOSITORY = 'hello-layout-41';
const LAYOUT = 'Layout';

const text = async (uri: vscode.Uri) => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
const names = async (uri: vscode.Uri) => (await vscode.workspace.fs.readDirectory(uri)).map(([name]) => name).sort();

async function childNamed(node: TreeNode, label: string): Promise<TreeNode> {
  const children = await (await api()).children(node);
  const found = children.find((n) => labelOf(n) === label);
  assert.ok(found, `no "${label}" among [${children.map(labelOf).join(', ')}]`);
  return found;
}

suite('Image filesystem on a local OCI layout (read-only, no registry)', () => {
  const scratch = useSeededRegistryAndFolder('crx-ext-layout-imagefs-');
  let layoutDir = '';

  suiteSetup(async function () {
    this.timeout(120_000);
    // skopeo, the independent tool, writes the layout; the folder gets its awkward name afterwards.
    const built = join(scratch.folder, 'built');
    const from = (image: string) => `docker://${new URL(seededRegistryUrl()).host}/${image}`;
    const skopeo = (args: string[]) => runCommand('skopeo', ['copy', '--quiet', '--src-tls-verify=false', ...args], { timeoutMs: 60_000 });
    await skopeo([from('samples/hello:1.0'), `oci:${built}:1.0`]);
    await skopeo(['--all', from('samples/multiarch:latest'), `oci:${built}:multi`]);
    await mkdir(join(scratch.folder, 'images'));
    layoutDir = join(scratch.folder, 'images', FOLDER_NAME);
    await rename(built, layoutDir);
    await setRegistries([
      { name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' },
      { name: LAYOUT, url: vscode.Uri.file(layoutDir).toString(), source: 'layout', path: layoutDir },
    ]);
  });
  suiteTeardown(() => setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]));
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('a layout tag row offers Open Image Filesystem, Find in Image and Compare With, as a registry\'s tag rows do', () => {
    for (const row of ['tag.layout', 'manifest.layout', 'tag', 'manifest', 'tag.locked', 'tag.unlocked']) {
      const menu = menuCommandsFor(row, /./);
      for (const command of ['registryExplorer.openImageFilesystem', 'registryExplorer.findInImage', 'registryExplorer.compareWith']) {
        assert.ok(menu.includes(command), `${command} on ${row}`);
      }
    }
  });

  test('Open Image Filesystem on a layout tag: the folder\'s URI names the layout folder and digest, and reads the same after a round trip through text', async () => {
    const tag = await walk(await api(), [LAYOUT, REPOSITORY, '1.0']) as TagNode;
    const { result: uri, added } = await recordingFolderAdds(() => vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openImageFilesystem', tag, [tag]));
    assert.ok(uri, 'no folder opened');
    assert.deepEqual(added.map((f) => [f.uri.toString(), f.name]), [[uri.toString(), `${REPOSITORY}:1.0`]]);
    const digest = (await (await (await api()).clientFor(tag.registry)).getManifest(REPOSITORY, '1.0')).digest;
    assert.equal(uri.scheme, 'oci-image');
    assert.equal(uri.authority, '');
    assert.equal(uri.path, `${vscode.Uri.file(layoutDir).path}@${digest}`);
    // A workspace file keeps its folders as text: what VS Code reads back after reloading the window.
    const reloaded = vscode.Uri.parse(uri.toString());
    assert.equal(reloaded.path, uri.path);
    assert.deepEqual(await names(reloaded), ['app']);
    assert.equal(await text(vscode.Uri.joinPath(reloaded, 'app/hello.txt')), HELLO);
  });

  test('a layer row of a layout tag lists its entries; a file row opens read-only with its content', async () => {
    const layer = await walk(await api(), [LAYOUT, REPOSITORY, '1.0', 'layer 1']);
    const file = await childNamed(await childNamed(layer, 'app'), 'hello.txt') as LayerEntryNode;
    assert.equal(file.contextValue, 'layerEntry.file');
    assert.match(file.description, new RegExp(`^${Buffer.byteLength(HELLO)} B · -rw-r--r--`));
    const uri = await vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openLayerFile', file, [file]);
    assert.ok(uri);
    assert.equal(uri.scheme, 'oci-layer');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    assert.equal(vscode.window.activeTextEditor?.document.getText(), HELLO);
    assert.equal(await text(vscode.Uri.parse(uri.toString())), HELLO);
  });

  test('Compare With between two layout tags: the changed file opens in the diff editor from both layouts\' folders', async () => {
    const explorer = await api();
    const [hello, multi] = await Promise.all(['1.0', 'multi'].map((tag) => walk(explorer, [LAYOUT, REPOSITORY, tag])));
    const { result: comparison } = await withDialogs(
      [{ kind: 'quickPick', expect: new RegExp(`^Choose a platform of ${REPOSITORY}:multi$`), answer: 'linux/amd64' }],
      () => vscode.commands.executeCommand<Comparison>('registryExplorer.compareWith', hello, [hello, multi]));
    const files = comparison?.files;
    assert.ok(files, 'the files were not compared');
    const changed = files.changes.find((c) => c.path === 'app/hello.txt');
    assert.ok(changed?.kind === 'changed', JSON.stringify(files.changes));
    const sides = await vscode.commands.executeCommand<vscode.Uri[]>('registryExplorer.openImageChange', { change: changed, comparison: files });
    assert.deepEqual(await Promise.all((sides ?? []).map((uri) => text(vscode.Uri.parse(uri.toString())))), [HELLO, MULTIARCH_AMD64]);
  });

  test('Find in Image on a layout tag finds a file by its text and opens it from the layout\'s image', async () => {
    const tag = await walk(await api(), [LAYOUT, REPOSITORY, '1.0']);
    const { result } = await withDialogs([
      { kind: 'input', expect: new RegExp(`^Find in ${REPOSITORY}:1\\.0 — Paths to search`), answer: '' },
      { kind: 'input', expect: /Text to find/, answer: 'samples/hello' },
      { kind: 'quickPick', expect: new RegExp(`^1 result in ${REPOSITORY}:1\\.0$`), answer: '/app/hello.txt' },
    ], () => vscode.commands.executeCommand<FindResult>('registryExplorer.findInImage', tag, [tag]));
    assert.deepEqual(result?.found.map((f) => [f.node.path, f.line]), [['app/hello.txt', 1]]);
    assert.ok(result.opened);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), result.opened.toString());
    assert.equal(vscode.window.activeTextEditor?.document.getText(), HELLO);
  });
});
