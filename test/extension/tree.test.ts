import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { withDialogs } from './dialogs';
import { api, labelOf, seededRegistryUrl, setRegistries, setSetting, walk } from './helpers';

suite('Registry tree', () => {
  const name = 'Seeded';
  suiteSetup(async () => {
    await setSetting('pageSize', 100);
    await setRegistries([{ name, url: seededRegistryUrl(), auth: 'anonymous' }]);
  });

  test('lists the seeded repositories under the registry', async () => {
    const explorer = await api();
    const repos = (await explorer.children(await walk(explorer, [name]))).map(labelOf);
    for (const repo of ['samples/hello', 'samples/multiarch', 'samples/dockerlist', 'samples/artifact']) assert.ok(repos.includes(repo), `${repo} missing from ${repos}`);
  });

  test('expands a multi-platform index into platforms, and a platform into config and layers', async () => {
    const explorer = await api();
    const platforms = (await explorer.children(await walk(explorer, [name, 'samples/multiarch', 'latest']))).map(labelOf);
    assert.deepEqual(platforms.filter((p) => p.startsWith('linux/')).sort(), ['linux/amd64', 'linux/arm64/v8']);
    const blobs = (await explorer.children(await walk(explorer, [name, 'samples/multiarch', 'latest', 'linux/arm64/v8']))).map(labelOf);
    assert.equal(blobs[0], 'config');
    assert.ok(blobs.includes('layer 1'), `no layer in ${blobs}`);
  });

  test('labels Docker manifest list entries by platform too', async () => {
    const explorer = await api();
    const platforms = (await explorer.children(await walk(explorer, [name, 'samples/dockerlist', 'latest']))).map(labelOf);
    assert.ok(platforms.includes('linux/amd64'), `got ${platforms}`);
  });

  test('pages: a small page size shows "Load more", which appends the next page', async () => {
    await setSetting('pageSize', 3);
    const explorer = await api();
    explorer.refresh();
    const registry = await walk(explorer, [name]);
    const first = await explorer.children(registry);
    assert.equal(first.filter((n) => n.kind === 'repository').length, 3);
    const more = first.find((n) => n.kind === 'loadMore');
    assert.ok(more, 'no Load more node');
    await vscode.commands.executeCommand('registryExplorer.loadMore', more);
    const second = await explorer.children(registry);
    assert.equal(second.filter((n) => n.kind === 'repository').length, 6);
    await setSetting('pageSize', 100);
    explorer.refresh();
  });

  test('filters repositories by substring and by prefix', async () => {
    const explorer = await api();
    const registry = await walk(explorer, [name]);
    const filterSteps = (text: string) => [{ kind: 'input' as const, expect: /^Filter repositories — Text found anywhere in the name, or end with \* for a prefix/, answer: text }];
    await withDialogs(filterSteps('multi'), () => vscode.commands.executeCommand('registryExplorer.filter', registry, [registry]));
    assert.deepEqual((await explorer.children(registry)).map(labelOf), ['samples/multiarch']);
    await withDialogs(filterSteps('team/*'), () => vscode.commands.executeCommand('registryExplorer.filter', registry, [registry]));
    const team = (await explorer.children(registry)).map(labelOf);
    assert.ok(team.length > 0 && team.every((n) => n.startsWith('team/')), `got ${team}`);
    await vscode.commands.executeCommand('registryExplorer.clearFilter', registry, [registry]);
    assert.ok((await explorer.children(registry)).length > team.length);
  });

  test('shows an unreachable registry as an error row with a Retry action, not a spinner', async () => {
    const explorer = await api();
    await setRegistries([{ name, url: seededRegistryUrl(), auth: 'anonymous' }, { name: 'Down', url: 'http://127.0.0.1:9', auth: 'anonymous' }]);
    const rows = await explorer.children(await walk(explorer, ['Down']));
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.equal(row.kind, 'message');
    if (row.kind === 'message') {
      assert.equal(row.severity, 'error');
      assert.ok(row.actions.some((a) => a.title === 'Retry'), JSON.stringify(row.actions));
    }
    await setRegistries([{ name, url: seededRegistryUrl(), auth: 'anonymous' }]);
  });

  test('refuses plain HTTP to a host that is not loopback unless the registry is marked insecure', async () => {
    const explorer = await api();
    // registry.invalid never resolves: the refusal must come before any connection is tried.
    await setRegistries([{ name, url: seededRegistryUrl(), auth: 'anonymous' }, { name: 'Plain', url: 'http://registry.invalid', auth: 'anonymous' }]);
    const rows = await explorer.children(await walk(explorer, ['Plain']));
    assert.equal(rows[0].kind, 'message');
    assert.match(labelOf(rows[0]), /refusing plain HTTP to registry\.invalid/);
    await setRegistries([{ name, url: seededRegistryUrl(), auth: 'anonymous' }]);
  });

  test('a malformed http.proxy setting shows as a clear error row', async () => {
    const explorer = await api();
    await vscode.workspace.getConfiguration('http').update('proxy', 'not a proxy url', vscode.ConfigurationTarget.Global);
    try {
      explorer.refresh();
      const rows = await explorer.children(await walk(explorer, [name]));
      assert.equal(rows[0].kind, 'message');
      assert.match(labelOf(rows[0]), /"http\.proxy" setting is not an http/);
      assert.doesNotMatch(labelOf(rows[0]), /not a proxy url/);
    } finally {
      await vscode.workspace.getConfiguration('http').update('proxy', undefined, vscode.ConfigurationTarget.Global);
      explorer.refresh();
    }
  });
});
