import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import type { RegistryNode, RepositoryNode, TreeNode } from '../../src/ui/tree/nodes';
import { toTreeItem } from '../../src/ui/tree/treeItems';
import { withDialogs } from './dialogs';
import { addRegistryByDialogs, api, basicRegistry, menuCommandsFor, seededRegistryUrl, setRegistries, walk } from './helpers';

const saved = () => vscode.workspace.getConfiguration('registryExplorer').get<RegistryConfig[]>('registries') ?? [];
const contextValueOf = (node: TreeNode) => String(toTreeItem(node, new Map()).contextValue);

/** Rows under a registry entry put back as given: repositories when its saved password works, else the error row. */
async function rowsOf(entry: RegistryConfig): Promise<TreeNode[]> {
  await setRegistries([entry]);
  const explorer = await api();
  explorer.refresh();
  return explorer.children(await walk(explorer, [entry.name ?? entry.url]));
}

suite('Rename a registry, edit its URL, open it in a browser', () => {
  const seeded: RegistryConfig = { name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' };
  setup(() => setRegistries([seeded]));
  suiteTeardown(() => setRegistries([seeded]));

  test('Rename sets the display name from the registry row; an empty name shows the host again', async () => {
    const node = await walk(await api(), ['Seeded']) as RegistryNode;
    assert.ok(menuCommandsFor(contextValueOf(node), /./).includes('registryExplorer.renameRegistry'));
    await withDialogs([{ kind: 'input', expect: /^Rename Seeded — Display name/, answer: 'Local samples' }],
      () => vscode.commands.executeCommand('registryExplorer.renameRegistry', node, [node]));
    assert.deepEqual(saved(), [{ ...seeded, name: 'Local samples' }]);
    const renamed = await walk(await api(), ['Local samples']) as RegistryNode;
    await withDialogs([{ kind: 'input', expect: /^Rename Local samples/, answer: '' }],
      () => vscode.commands.executeCommand('registryExplorer.renameRegistry', renamed, [renamed]));
    assert.deepEqual(saved(), [{ url: seeded.url, auth: 'anonymous' }]);
  });

  test('Edit URL moves the saved password to the new URL and deletes it under the old one; trust given for the old host is dropped', async () => {
    const { url, username, password } = basicRegistry();
    await setRegistries([]);
    await addRegistryByDialogs(url, { username, secret: password });
    await setRegistries(saved().map((r) => ({ ...r, name: 'Basic', trustedRealmHosts: ['auth.example.com'] })));
    const node = await walk(await api(), ['Basic']) as RegistryNode;
    assert.ok(menuCommandsFor(contextValueOf(node), /./).includes('registryExplorer.editRegistryUrl'));
    const moved = url.replace('127.0.0.1', 'localhost');
    const { dialogs } = await withDialogs([{ kind: 'input', expect: /^Edit the URL of Basic — Registry URL$/, answer: moved }],
      () => vscode.commands.executeCommand('registryExplorer.editRegistryUrl', node, [node]));
    assert.equal(dialogs.asked[0].initial, url);
    assert.match(dialogs.messages('info')[0], /^localhost:\d+ answers: .*sign-in: username and password \(Basic\)/);
    const entry = saved()[0];
    assert.deepEqual(entry, { name: 'Basic', url: moved, auth: 'basic', username });
    assert.ok((await rowsOf(entry)).some((r) => r.kind === 'repository'), 'the password followed the URL');
    const old = await rowsOf({ ...entry, url });
    assert.match(`${(old[0] as { text?: string }).text}`, /No saved password/, 'the password under the old URL was deleted');
  });

  test('Edit URL to a port where nothing listens: the plain words, then Edit URL; Cancel keeps the entry as it was', async () => {
    const node = await walk(await api(), ['Seeded']) as RegistryNode;
    await withDialogs([
      { kind: 'input', expect: /^Edit the URL of Seeded/, answer: 'http://127.0.0.1:1' },
      { kind: 'question', expect: /^Nothing is listening on 127\.0\.0\.1:1 — is the registry running\?$/, answer: 'Edit URL' },
      { kind: 'input', expect: /^Edit the URL of Seeded/, answer: undefined },
    ], () => vscode.commands.executeCommand('registryExplorer.editRegistryUrl', node, [node]));
    assert.deepEqual(saved(), [seeded]);
  });

  test('Open in Browser only on rows of registries with a web UI; Docker Hub and the Azure portal pages', async () => {
    const seededNode = await walk(await api(), ['Seeded']) as RegistryNode;
    assert.ok(!menuCommandsFor(contextValueOf(seededNode), /./).includes('registryExplorer.openInBrowser'), 'a self-hosted registry has no web page');
    const hub: RegistryConfig = { url: 'https://registry-1.docker.io', auth: 'anonymous' };
    const hubRepository: RepositoryNode = { kind: 'repository', key: `r:${hub.url}/library/alpine`, registry: hub, repository: 'library/alpine', pinned: true };
    assert.ok(menuCommandsFor(contextValueOf(hubRepository), /./).includes('registryExplorer.openInBrowser'));
    assert.ok(menuCommandsFor(contextValueOf(hubRepository), /./).includes('registryExplorer.removeRepository'), 'a pinned repository with a web page can still be removed');
    const opened: string[] = [];
    const env = vscode.env as unknown as Record<string, unknown>;
    const original = Object.getOwnPropertyDescriptor(env, 'openExternal');
    Object.defineProperty(env, 'openExternal', { configurable: true, writable: true, value: async (target: unknown) => { opened.push(String(target)); return true; } });
    try {
      assert.equal(await vscode.commands.executeCommand('registryExplorer.openInBrowser', hubRepository, [hubRepository]), 'https://hub.docker.com/_/alpine');
      const acr: RegistryConfig = { url: 'https://myregistry.azurecr.io', auth: 'azure' };
      const acrNode: RegistryNode = { kind: 'registry', key: `r:${acr.url}`, registry: acr };
      const { dialogs } = await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.openInBrowser', acrNode, [acrNode]));
      assert.match(dialogs.messages('info')[0], /needs its subscription and resource group.*Pick myregistry there/);
    } finally {
      if (original) Object.defineProperty(env, 'openExternal', original);
    }
    assert.deepEqual(opened, ['https://hub.docker.com/_/alpine', 'https://portal.azure.com/#browse/Microsoft.ContainerRegistry%2Fregistries']);
  });

  test('Open in Browser from the palette offers only registries with a web page, and says so when none has one', async () => {
    const hub: RegistryConfig = { name: 'Hub', url: 'https://registry-1.docker.io', auth: 'anonymous' };
    const env = vscode.env as unknown as Record<string, unknown>;
    const original = Object.getOwnPropertyDescriptor(env, 'openExternal');
    const opened: string[] = [];
    Object.defineProperty(env, 'openExternal', { configurable: true, writable: true, value: async (target: unknown) => { opened.push(String(target)); return true; } });
    try {
      const quay: RegistryConfig = { name: 'Quay', url: 'https://quay.io', auth: 'anonymous' };
      await setRegistries([seeded, hub, { name: 'Other', url: 'https://registry.example', auth: 'anonymous' }, quay]);
      const { dialogs } = await withDialogs([{ kind: 'quickPick', expect: /^Open in browser/, answer: 'Hub' }],
        () => vscode.commands.executeCommand('registryExplorer.openInBrowser'));
      assert.deepEqual(dialogs.asked[0].choices, ['Hub', 'Quay']);
      await setRegistries([seeded]);
      const none = await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.openInBrowser'));
      assert.match(none.dialogs.messages('info')[0], /None of your registries has a web page/);
    } finally {
      if (original) Object.defineProperty(env, 'openExternal', original);
      await setRegistries([seeded]);
    }
    assert.deepEqual(opened, ['https://hub.docker.com/']);
  });
});
