import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BlobNode, MessageNode, RegistryNode, TagNode, TreeNode } from '../../src/ui/tree/nodes';
import { ScriptedDialogs } from './dialogs';
import { api, seededRegistryUrl, setRegistries, useSeededRegistryAndFolder, walk } from './helpers';

/** Commands that take a node, with the kind of node their menus give them. */
const NODE_COMMANDS = [
  'registryExplorer.deleteTag', 'registryExplorer.deleteManifest', 'registryExplorer.pullImage', 'registryExplorer.copyPullCommand',
  'registryExplorer.copyReference', 'registryExplorer.copyDigest', 'registryExplorer.openManifest', 'registryExplorer.editManifest',
  'registryExplorer.downloadLayer', 'registryExplorer.downloadConfig', 'registryExplorer.removeRegistry', 'registryExplorer.editRegistry',
  'registryExplorer.signIn', 'registryExplorer.addRepository', 'registryExplorer.addRegistry', 'registryExplorer.pushManifest',
  'registryExplorer.filter', 'registryExplorer.clearFilter', 'registryExplorer.refreshNode', 'registryExplorer.loadMore',
  'registryExplorer.newManifest', 'registryExplorer.openConfig', 'registryExplorer.showImageSummary',
  'registryExplorer.addTag', 'registryExplorer.copyTo', 'registryExplorer.lock', 'registryExplorer.unlock', 'registryExplorer.deleteRepository',
  'registryExplorer.renameRegistry', 'registryExplorer.editRegistryUrl', 'registryExplorer.openInBrowser', 'registryExplorer.deleteSelection',
  'registryExplorer.addDockerHub', 'registryExplorer.addDockerHubNamespace', 'registryExplorer.removeDockerHubNamespace',
  'registryExplorer.dockerLogin',
  'registryExplorer.addLayoutFolder', 'registryExplorer.pinLayout', 'registryExplorer.pushImage',
];

suite('Commands from every entry point', () => {
  useSeededRegistryAndFolder('crx-entry-');

  test('Copy Pull Command refuses a name outside the reference grammar instead of copying a shell line', async () => {
    const explorer = await api();
    const real = await walk(explorer, ['Seeded', 'samples/hello', '1.0']) as TagNode;
    await vscode.env.clipboard.writeText('untouched');
    const hostile: TagNode = { ...real, key: `${real.key}-hostile`, tag: { name: '1.0;touch /tmp/crx-pwned' } };
    const dialogs = new ScriptedDialogs([]);
    try {
      assert.equal(await vscode.commands.executeCommand('registryExplorer.copyPullCommand', hostile, [hostile]), undefined);
    } finally {
      dialogs.finish();
    }
    assert.deepEqual(dialogs.messages('error'), ['No pull command copied: invalid tag "1.0;touch /tmp/crx-pwned": only letters, digits, "_", "." and "-" are allowed']);
    assert.equal(await vscode.env.clipboard.readText(), 'untouched');
  });

  test('every node command accepts no argument, any node with its selection, or junk, without failing', async () => {
    const explorer = await api();
    const registry = await walk(explorer, ['Seeded']) as RegistryNode;
    const tag = await walk(explorer, ['Seeded', 'samples/hello', '1.0']) as TagNode;
    const blob = await walk(explorer, ['Seeded', 'samples/hello', '1.0', 'config']) as BlobNode;
    const message: MessageNode = { kind: 'message', key: 'm', text: 'x', severity: 'info', actions: [] };
    const argumentLists: unknown[][] = [
      [], [registry, [registry]], [tag, [tag, blob]], [blob, [blob]], [message, [message]],
      [vscode.Uri.file('/tmp'), [vscode.Uri.file('/tmp')]], ['a string', true], [{ kind: 'tag', key: 'k' }], [null],
    ];
    // No registry configured: whatever a command would ask for next, it ends at "No registries".
    await setRegistries([]);
    try {
      for (const command of NODE_COMMANDS) {
        for (const args of argumentLists) {
          const dialogs = new ScriptedDialogs([]);
          dialogs.cancelUnscripted = true;
          try {
            await vscode.commands.executeCommand(command, ...(args as TreeNode[]));
          } catch (error) {
            assert.fail(`${command}(${args.map((a) => (a as TreeNode | undefined)?.kind ?? typeof a).join(', ')}) failed: ${(error as Error).message}`);
          } finally {
            dialogs.restore();
          }
        }
      }
    } finally {
      await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    }
  });
});
