import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MessageNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { addRegistryByDialogs, api, basicRegistry, labelOf, logText, seededRegistryUrl, setRegistries, setSetting, walk } from './helpers';

suite('Sign-in and secrets', () => {
  const anonymous = { name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' as const };

  test('a basic-auth registry without a saved password shows a Sign in row', async () => {
    const { url, username } = basicRegistry();
    await setRegistries([anonymous, { name: 'Basic', url, auth: 'basic', username }]);
    const explorer = await api();
    const rows = await explorer.children(await walk(explorer, ['Basic']));
    const row = rows[0] as MessageNode;
    assert.equal(row.kind, 'message');
    assert.ok(row.actions.some((a) => a.title === 'Sign in'), JSON.stringify(row.actions.map((a) => a.title)));
  });

  test('a wrong password shows a Sign in row; the right one lists repositories; secrets stay out of settings and logs', async () => {
    const { url, username, password } = basicRegistry();
    const explorer = await api();
    await setRegistries([anonymous]);
    await addRegistryByDialogs(url, { username, secret: 'not-the-password' });
    const rejected = await explorer.children(await walk(explorer, [url]));
    assert.equal(rejected[0].kind, 'message');
    assert.ok((rejected[0] as MessageNode).actions.some((a) => a.title === 'Sign in'));

    await setRegistries([anonymous]);
    await addRegistryByDialogs(url, { username, secret: password });
    explorer.refresh();
    const repos = (await explorer.children(await walk(explorer, [url]))).map(labelOf);
    assert.ok(repos.includes('samples/multiarch'), `got ${repos}`);
    const platforms = (await explorer.children(await walk(explorer, [url, 'samples/multiarch', 'latest']))).map(labelOf);
    assert.ok(platforms.includes('linux/amd64'));

    const settings = JSON.stringify(vscode.workspace.getConfiguration('registryExplorer').get('registries'));
    assert.ok(settings.includes(username) && !settings.includes(password), settings);
    const logs = await logText(explorer.logUri);
    assert.ok(logs.includes('[registries] added'), 'the log file was not found or is empty');
    const basicHeader = Buffer.from(`${username}:${password}`).toString('base64');
    for (const secret of [password, 'not-the-password', basicHeader]) assert.ok(!logs.includes(secret), `the log contains a secret`);
    await setRegistries([anonymous]);
  });
});

suite('Registry list', () => {
  const anonymous = { name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' as const };

  test('Remove Registry drops it from settings and forgets its secret', async () => {
    const { url, username, password } = basicRegistry();
    await setRegistries([anonymous]);
    await addRegistryByDialogs(url, { username, secret: password });
    const explorer = await api();
    const node = await walk(explorer, [url]);
    await withDialogs([{ kind: 'question', expect: new RegExp(`^Remove ${new URL(url).host} from the explorer\\? Its saved secret is deleted too; nothing on the registry changes\\.$`), answer: 'Remove' }],
      () => vscode.commands.executeCommand('registryExplorer.removeRegistry', node, [node]));
    assert.deepEqual((await explorer.children()).map(labelOf), ['Seeded']);
    // Added again without a secret: the old password must be gone, so sign-in is asked for.
    await setRegistries([anonymous, { name: 'Basic', url, auth: 'basic', username }]);
    const rows = await explorer.children(await walk(explorer, ['Basic']));
    assert.ok(rows[0].kind === 'message' && rows[0].actions.some((a) => a.title === 'Sign in'), JSON.stringify(rows[0]));
    await setRegistries([anonymous]);
  });

  test('Refresh shows what changed on the registry; until then the tree keeps what it fetched', async () => {
    // Rows filled in with their manifests may be put in another order; here only the listing counts.
    await setSetting('tagDetails', 'off');
    try {
      await setRegistries([anonymous]);
      const explorer = await api();
      const repository = await walk(explorer, ['Seeded', 'samples/hello']);
      const before = (await explorer.children(repository)).map(labelOf);
      const client = await explorer.clientFor(anonymous);
      const source = await client.getManifest('samples/hello', '1.0');
      await client.putManifest('samples/hello', source.bytes, { reference: 'refreshed', mediaType: source.mediaType });
      assert.deepEqual((await explorer.children(repository)).map(labelOf), before, 'fetched again without a refresh');
      await vscode.commands.executeCommand('registryExplorer.refreshNode', repository);
      assert.ok((await explorer.children(repository)).map(labelOf).includes('refreshed'));
      await client.putManifest('samples/hello', source.bytes, { reference: 'refreshed-view', mediaType: source.mediaType });
      await vscode.commands.executeCommand('registryExplorer.refresh');
      assert.ok((await explorer.children(await walk(explorer, ['Seeded', 'samples/hello']))).map(labelOf).includes('refreshed-view'));
    } finally {
      await setSetting('tagDetails', undefined);
    }
  });
});
