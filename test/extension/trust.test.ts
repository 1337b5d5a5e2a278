import * as assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, labelOf, seededRegistryUrl, setRegistries, setSetting, waitFor } from './helpers';

const seeded = { name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' as const };
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

suite('Settings a workspace cannot write', () => {
  let settingsFile = '';
  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has no workspace folder');
    settingsFile = join(folder.uri.fsPath, '.vscode', 'settings.json');
  });
  suiteTeardown(async () => {
    await rm(settingsFile, { force: true });
    await waitFor('the workspace settings to be gone', () => vscode.workspace.getConfiguration('registryExplorer').get('pageSize') === 100 || undefined);
  });

  test('registries in a folder\'s .vscode/settings.json are ignored', async () => {
    await setSetting('pageSize', 100);
    await setRegistries([seeded]);
    await mkdir(join(settingsFile, '..'), { recursive: true });
    // A harmless view setting next to it shows when VS Code has read the file.
    await writeFile(settingsFile, JSON.stringify({
      'registryExplorer.pageSize': 7,
      'registryExplorer.registries': [{ name: 'Planted', url: 'http://10.11.12.13:5000', auth: 'anonymous', insecure: true }],
      'registryExplorer.azureAuthenticationProvider': 'planted-provider',
      'registryExplorer.azureResourceManagerUrl': 'http://127.0.0.1:9',
      'registryExplorer.azureCloud': 'AzureChinaCloud',
    }));
    await waitFor('VS Code to read the workspace settings', () => vscode.workspace.getConfiguration('registryExplorer').get('pageSize') === 7 || undefined);
    const explorer = await api();
    explorer.refresh();
    assert.deepEqual((await explorer.children()).map(labelOf), ['Seeded']);
    const config = vscode.workspace.getConfiguration('registryExplorer');
    assert.notEqual(config.get('azureAuthenticationProvider'), 'planted-provider');
    assert.notEqual(config.get('azureResourceManagerUrl'), 'http://127.0.0.1:9', 'a workspace chose where the Azure token goes');
    assert.notEqual(config.get('azureCloud'), 'AzureChinaCloud');
  });
});

suite('Registry clients', () => {
  suiteSetup(async () => { await setSetting('pageSize', 100); await setRegistries([seeded]); });

  test('rows expanding at the same time share one client', async () => {
    const explorer = await api();
    const registry = { ...seeded, repositories: ['parallel/first-use'] };
    await setRegistries([registry]);
    await settle();
    const [first, second, third] = await Promise.all([explorer.clientFor(registry), explorer.clientFor(registry), explorer.clientFor(registry)]);
    assert.equal(first, second);
    assert.equal(first, third);
    await setRegistries([seeded]);
  });

  test('a view setting keeps the clients (and their tokens); a proxy setting drops them', async () => {
    const explorer = await api();
    const before = await explorer.clientFor(seeded);
    await setSetting('pageSize', 50);
    await settle();
    assert.equal(await explorer.clientFor(seeded), before, 'changing pageSize rebuilt the client');
    await setSetting('pageSize', 100);
    await vscode.workspace.getConfiguration('http').update('proxyStrictSSL', false, vscode.ConfigurationTarget.Global);
    try {
      await settle();
      assert.notEqual(await explorer.clientFor(seeded), before, 'changing http.proxyStrictSSL kept the old client');
    } finally {
      await vscode.workspace.getConfiguration('http').update('proxyStrictSSL', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('changing one registry keeps the clients of the others', async () => {
    const explorer = await api();
    const other = { name: 'Other', url: 'http://127.0.0.1:9', auth: 'anonymous' as const };
    await setRegistries([seeded, other]);
    await settle();
    const before = await explorer.clientFor(seeded);
    await setRegistries([seeded, { ...other, repositories: ['x/y'] }]);
    await settle();
    assert.equal(await explorer.clientFor(seeded), before);
    await setRegistries([seeded]);
  });
});
