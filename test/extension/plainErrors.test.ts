import * as assert from 'node:assert/strict';
import { closedPort } from '../harness/closedPort';
import * as vscode from 'vscode';
import type { MessageNode, RegistryNode, RepositoryNode, TagNode, TreeNode } from '../../src/ui/tree/nodes';
import { toTreeItem } from '../../src/ui/tree/treeItems';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import { withDialogs } from './dialogs';
import { api, labelOf, logText, menuCommandsFor, seededRegistryUrl, setRegistries, waitFor, walk } from './helpers';

async function errorRowUnder(name: string): Promise<{ row: MessageNode; ms: number; registry: RegistryNode }> {
  const explorer = await api();
  const registry = await walk(explorer, [name]) as RegistryNode;
  const started = Date.now();
  const rows = await explorer.children(registry);
  const ms = Date.now() - started;
  assert.equal(rows.length, 1, `rows: ${rows.map(labelOf).join(', ')}`);
  assert.equal(rows[0].kind, 'message');
  return { row: rows[0] as MessageNode, ms, registry };
}

const inlineButtons = (node: TreeNode) => menuCommandsFor(String(toTreeItem(node, new Map()).contextValue), /^inline/);

suite('Errors in plain words, fast, logged, with their actions as buttons', () => {
  const seeded: RegistryConfig = { name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' };
  suiteTeardown(() => setRegistries([seeded]));

  test('a refused connection shows a plain error row within 2 s, with Retry and Edit Registry as buttons, and goes to the log', async () => {
    const host = `127.0.0.1:${await closedPort()}`;
    await setRegistries([{ name: 'Down', url: `http://${host}`, auth: 'anonymous' }]);
    const { row, ms } = await errorRowUnder('Down');
    assert.equal(row.text, `Nothing is listening on ${host} — is the registry running?`);
    assert.ok(ms < 2_000, `the row took ${ms} ms`);
    assert.deepEqual(inlineButtons(row), ['registryExplorer.row.retry', 'registryExplorer.row.editRegistry']);
    const explorer = await api();
    await waitFor('the failure in the log', async () => (await logText(explorer.logUri)).includes(`Nothing is listening on ${host}`) || undefined);
  });

  test('a command\'s final failure reaches the log under the command\'s name', async () => {
    const host = `127.0.0.1:${await closedPort()}`;
    const registry: RegistryConfig = { name: 'Gone', url: `http://${host}`, auth: 'anonymous' };
    await setRegistries([registry]);
    const tag: TagNode = { kind: 'tag', key: `r:${registry.url}/app:1`, registry, repository: 'app', tag: { name: '1' } };
    const { dialogs } = await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.deleteTag', tag, [tag]));
    assert.deepEqual(dialogs.messages('error'), [`Delete failed: Nothing is listening on ${host} — is the registry running?`]);
    const explorer = await api();
    const line = await waitFor('the delete failure in the log', async () =>
      (await logText(explorer.logUri)).split('\n').find((l) => l.includes('[deleteTag]') && l.includes(host)));
    assert.match(line, /\[error\]/);
    assert.match(line, new RegExp(`\\[deleteTag\\] Nothing is listening on ${host}`));
  });

  test('HTTPS to a plain-HTTP registry says to use http://', async () => {
    const host = new URL(seededRegistryUrl()).host;
    await setRegistries([{ name: 'Wrong scheme', url: `https://${host}`, auth: 'anonymous' }]);
    const { row } = await errorRowUnder('Wrong scheme');
    assert.equal(row.text, `This server speaks plain HTTP: use http://${host}`);
    assert.ok(inlineButtons(row).includes('registryExplorer.row.editRegistry'));
  });

  test('a repository added by name can be removed from its context menu; a listed one cannot', async () => {
    await setRegistries([{ ...seeded, repositories: ['pinned/one', 'pinned/two'] }]);
    const explorer = await api();
    const pinned = await walk(explorer, ['Seeded', 'pinned/one']) as RepositoryNode;
    const listed = await walk(explorer, ['Seeded', 'samples/hello']) as RepositoryNode;
    assert.ok(menuCommandsFor(String(toTreeItem(pinned, new Map()).contextValue), /./).includes('registryExplorer.removeRepository'));
    assert.ok(!menuCommandsFor(String(toTreeItem(listed, new Map()).contextValue), /./).includes('registryExplorer.removeRepository'));
    await vscode.commands.executeCommand('registryExplorer.removeRepository', listed, [listed]);
    await vscode.commands.executeCommand('registryExplorer.removeRepository', pinned, [pinned]);
    const saved = vscode.workspace.getConfiguration('registryExplorer').get<RegistryConfig[]>('registries') ?? [];
    assert.deepEqual(saved.map((r) => r.repositories), [['pinned/two']]);
    explorer.refresh();
    const names = (await explorer.children(await walk(explorer, ['Seeded']))).map(labelOf);
    assert.ok(!names.includes('pinned/one') && names.includes('pinned/two'), names.join(', '));
  });
});
