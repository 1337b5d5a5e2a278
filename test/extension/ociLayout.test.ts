import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { BlobNode, RegistryNode, TagNode, TreeNode } from '../../src/ui/tree/nodes';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import { runCommand } from '../harness/runCommand';
import { withDialogs } from './dialogs';
import { api, labelOf, menuCommandsFor, seededRegistryUrl, setRegistries, useSeededRegistryAndFolder, waitFor } from './helpers';

const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const registryHost = () => new URL(seededRegistryUrl()).host;

/** skopeo, the independent tool: writes layouts from the seeded registry and reads back what was pushed. */
async function skopeo(args: string[]): Promise<Buffer> {
  return (await runCommand('skopeo', args, { timeoutMs: 60_000 })).stdout;
}
const inspectRaw = (image: string) => skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${registryHost()}/${image}`]);

/** Walks from a row by labels, as `walk` does from the top. */
async function walkFrom(node: TreeNode, labels: string[]): Promise<TreeNode> {
  const explorer = await api();
  let found = node;
  for (const label of labels) {
    const children = await explorer.children(found);
    const next = children.find((n) => labelOf(n) === label);
    assert.ok(next, `no "${label}" among [${children.map(labelOf).join(', ')}]`);
    found = next;
  }
  return found;
}

async function rootsNamed(path: string): Promise<RegistryNode[]> {
  const roots = await (await api()).children();
  return roots.filter((n): n is RegistryNode => n.kind === 'registry' && n.registry.path === path);
}

suite('OCI layouts', () => {
  const scratch = useSeededRegistryAndFolder('crx-layout-');
  let layoutDir = '';

  suiteSetup(async function () {
    this.timeout(120_000);
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace, 'the test window has no workspace folder');
    layoutDir = join(workspace, 'images', 'hello-layout');
    await mkdir(join(workspace, 'images'), { recursive: true });
    const from = (image: string) => `docker://${registryHost()}/${image}`;
    await skopeo(['copy', '--quiet', '--src-tls-verify=false', from('samples/hello:1.0'), `oci:${layoutDir}:1.0`]);
    await skopeo(['copy', '--quiet', '--all', '--src-tls-verify=false', from('samples/multiarch:latest'), `oci:${layoutDir}:multi`]);
  });

  suiteTeardown(async () => {
    if (layoutDir) await rm(join(layoutDir, '..'), { recursive: true, force: true });
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await waitFor('the found layout to leave the tree', async () => (await rootsNamed(layoutDir)).length === 0 || undefined, 15_000);
  });

  test('a skopeo-written layout in the workspace is found by itself, marked so, and browses like a registry', async () => {
    const [found] = await waitFor('the layout to be found', async () => {
      const rows = await rootsNamed(layoutDir);
      return rows.length ? rows : undefined;
    }, 15_000);
    const explorer = await api();
    assert.equal(found.registry.foundInWorkspace, true);
    assert.equal(explorer.treeItem(found).contextValue, 'registry.layout.found');
    assert.match(String(explorer.treeItem(found).description), /in the workspace/);
    const settings = vscode.workspace.getConfiguration('registryExplorer').get<RegistryConfig[]>('registries') ?? [];
    assert.ok(!settings.some((r) => r.path === layoutDir), 'a found layout is not written to settings');
    const foundMenu = menuCommandsFor('registry.layout.found', /./);
    const savedMenu = menuCommandsFor('registry.layout', /./);
    assert.ok(foundMenu.includes('registryExplorer.pinLayout') && !savedMenu.includes('registryExplorer.pinLayout'));
    for (const command of ['registryExplorer.removeRegistry', 'registryExplorer.renameRegistry']) {
      assert.ok(savedMenu.includes(command) && !foundMenu.includes(command), `${command} only on a saved layout`);
    }
    for (const command of ['registryExplorer.signIn', 'registryExplorer.editRegistry', 'registryExplorer.editRegistryUrl', 'registryExplorer.addRepository']) {
      assert.ok(!savedMenu.includes(command) && !foundMenu.includes(command), `${command} is not offered on a layout`);
      assert.ok(menuCommandsFor('registry', /./).includes(command), `${command} is still offered on a registry`);
    }

    const tags = await explorer.children(await walkFrom(found, ['hello-layout']));
    assert.deepEqual(tags.map(labelOf).sort(), ['1.0', 'multi']);
    const tag = tags.find((n) => labelOf(n) === '1.0') as TagNode;
    assert.equal(explorer.treeItem(tag).contextValue, 'tag.layout');
    const menu = menuCommandsFor('tag.layout', /./);
    for (const command of ['registryExplorer.pushImage', 'registryExplorer.copyTo', 'registryExplorer.openManifest', 'registryExplorer.pullImage']) assert.ok(menu.includes(command), command);
    for (const command of ['registryExplorer.deleteTag', 'registryExplorer.addTag', 'registryExplorer.copyPullCommand']) assert.ok(!menu.includes(command), `${command} is not offered on a read-only layout`);

    const uri = await vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openManifest', tag, [tag]);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(), (await inspectRaw('samples/hello:1.0')).toString('utf8'));

    const layer = await walkFrom(found, ['hello-layout', '1.0', 'layer 1']) as BlobNode;
    const { result: saved } = await withDialogs([{ kind: 'openDialog', expect: /^Download to folder$/, answer: scratch.folder }],
      () => vscode.commands.executeCommand<string>('registryExplorer.downloadLayer', layer, [layer]));
    assert.equal(sha256(await readFile(saved)), layer.descriptor.digest);
    assert.equal(await vscode.commands.executeCommand('registryExplorer.copyReference', tag, [tag]), `oci:${layoutDir}:1.0`);
  });

  test('Push Image from a layout tag row sends the image to the registry with its digest unchanged', async () => {
    const [found] = await rootsNamed(layoutDir);
    const tag = await walkFrom(found, ['hello-layout', '1.0']) as TagNode;
    const { result, dialogs } = await withDialogs([
      { kind: 'quickPick', expect: /^Push hello-layout:1\.0 to: repository in Seeded/, answer: 'scratch/layout-image' },
      { kind: 'input', expect: /^Push hello-layout:1\.0 to scratch\/layout-image — Tag/, answer: 'v1' },
    ], () => vscode.commands.executeCommand<string>('registryExplorer.pushImage', tag, [tag]));
    const expected = await inspectRaw('samples/hello:1.0');
    assert.equal(result, sha256(expected));
    assert.deepEqual(dialogs.messages('error'), []);
    assert.ok((await inspectRaw('scratch/layout-image:v1')).equals(expected), 'skopeo reads back the same manifest bytes');
  });

  test('Push Image from the palette: a layout, its index, a registry; every platform arrives, digests identical', async () => {
    const { result } = await withDialogs([
      { kind: 'quickPick', expect: /^Push image: tag of hello-layout/, answer: 'multi' },
      { kind: 'quickPick', expect: /^Push hello-layout:multi to: repository in Seeded/, answer: 'scratch/layout-index' },
      { kind: 'input', expect: /^Push hello-layout:multi to scratch\/layout-index — Tag/, answer: 'multi' },
    ], () => vscode.commands.executeCommand<string>('registryExplorer.pushImage'));
    const index = await inspectRaw('samples/multiarch:latest');
    assert.equal(result, sha256(index));
    assert.ok((await inspectRaw('scratch/layout-index:multi')).equals(index));
    const platforms = (JSON.parse(index.toString('utf8')) as { manifests: { digest: string }[] }).manifests;
    for (const platform of platforms) {
      const child = await inspectRaw(`scratch/layout-index@${platform.digest}`);
      assert.equal(sha256(child), platform.digest);
    }
  });

  test('Pin Layout saves a found layout in settings; Remove takes it out again, and it shows as found', async () => {
    const explorer = await api();
    const [found] = await rootsNamed(layoutDir);
    const saved = await vscode.commands.executeCommand<RegistryConfig>('registryExplorer.pinLayout', found, [found]);
    assert.equal(saved?.path, layoutDir);
    const settings = vscode.workspace.getConfiguration('registryExplorer').get<RegistryConfig[]>('registries') ?? [];
    assert.deepEqual(settings.filter((r) => r.source === 'layout').map((r) => [r.path, r.foundInWorkspace]), [[layoutDir, undefined]]);
    const [pinned] = await waitFor('the pinned row', async () => {
      const rows = (await rootsNamed(layoutDir)).filter((r) => !r.registry.foundInWorkspace);
      return rows.length ? rows : undefined;
    });
    assert.equal((await rootsNamed(layoutDir)).length, 1, 'shown once');
    assert.equal(explorer.treeItem(pinned).contextValue, 'registry.layout');
    await withDialogs([{ kind: 'question', expect: /^Remove hello-layout from the explorer\?/, answer: 'Remove' }],
      () => vscode.commands.executeCommand('registryExplorer.removeRegistry', pinned, [pinned]));
    const [again] = await waitFor('the found row again', async () => {
      const rows = (await rootsNamed(layoutDir)).filter((r) => r.registry.foundInWorkspace);
      return rows.length ? rows : undefined;
    });
    assert.ok(again);
  });

  test('Add OCI Layout Folder and Add Registry with a folder path save a layout; a folder that is no layout is refused', async () => {
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    const refused = await withDialogs([{ kind: 'openDialog', expect: /^Add OCI Layout Folder$/, answer: scratch.folder }],
      () => vscode.commands.executeCommand('registryExplorer.addLayoutFolder'));
    assert.equal(refused.result, undefined);
    assert.match(refused.dialogs.messages('error')[0] ?? '', /is not an OCI image layout that can be read: .*oci-layout/);
    const added = await withDialogs([{ kind: 'openDialog', expect: /^Add OCI Layout Folder$/, answer: layoutDir }],
      () => vscode.commands.executeCommand<RegistryConfig>('registryExplorer.addLayoutFolder'));
    assert.equal(added.result?.path, layoutDir);
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await withDialogs([{ kind: 'input', expect: /^Add registry — Registry URL$/, answer: `oci:${layoutDir}` }],
      () => vscode.commands.executeCommand('registryExplorer.addRegistry'));
    const settings = vscode.workspace.getConfiguration('registryExplorer').get<RegistryConfig[]>('registries') ?? [];
    assert.deepEqual(settings.map((r) => r.source ?? 'registry'), ['registry', 'layout']);
    const [saved] = (await rootsNamed(layoutDir)).filter((r) => !r.registry.foundInWorkspace);
    assert.equal((await (await api()).children(await walkFrom(saved, ['hello-layout']))).length, 2);
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
  });

  test('a saved layout whose folder is gone shows why, with Retry as its only action', async () => {
    const gone = join(scratch.folder, 'gone');
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }, { url: vscode.Uri.file(gone).toString(), source: 'layout', path: gone }]);
    const explorer = await api();
    const row = (await rootsNamed(gone))[0];
    const [message] = await explorer.children(row);
    assert.equal(message.kind, 'message');
    assert.match(labelOf(message), /the OCI layout folder .*gone is not there/);
    assert.deepEqual(message.kind === 'message' ? message.actions.map((a) => a.title) : [], ['Retry']);
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
  });
});
