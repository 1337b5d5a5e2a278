import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RegistryClient } from '../../src/registry/client';
import { startAcrServer, type RunningAcr } from '../harness/acrServer';
import { buildImage, imageBlobs } from '../harness/fixtures';
import type { ManifestNode, RepositoryNode, TagNode, TreeNode, UntaggedNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { addRegistryByDialogs, api, labelOf, menuCommandsFor, nameRegistry, seededRegistryUrl, setRegistries, waitFor, walk } from './helpers';

const ADMIN = { username: 'acrmeta', password: 'acr-meta-password' };

/**
 * ACR's own metadata in the explorer, against the project's ACR test server (written from the ACR
 * data-plane spec) in front of a real docker-registry: counts on repository rows, untagged
 * manifests, locks, and Delete Repository.
 */
suite('Azure Container Registry metadata', () => {
  let acr: RunningAcr;
  let client: RegistryClient;
  const digests: Record<string, string> = {};

  async function push(repository: string, label: string, tags: string[]): Promise<string> {
    const image = buildImage({ label });
    for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await client.uploadBlob(repository, blob.bytes);
    for (const tag of tags) await client.putManifest(repository, image.manifest.bytes, { reference: tag });
    return image.manifest.digest;
  }

  suiteSetup(async function () {
    this.timeout(120_000);
    acr = await startAcrServer({ users: { [ADMIN.username]: ADMIN.password } });
    client = new RegistryClient({ host: acr.host, auth: { kind: 'basic', ...ADMIN } });
    digests.v1 = await push('meta/app', 'meta-v1', ['v1']);
    // Three manifests pushed to `latest` in turn and left behind untagged.
    for (const name of ['c', 'd', 'e']) digests[name] = await push('meta/app', `meta-${name}`, ['latest']);
    digests.latest = await push('meta/app', 'meta-latest', ['latest']);
    await push('meta/doomed', 'doomed', ['x', 'y']);
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await addRegistryByDialogs(acr.url, { username: ADMIN.username, secret: ADMIN.password });
    await nameRegistry(acr.url, 'ACR meta');
  });
  suiteTeardown(async () => {
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await acr?.close();
  });

  async function row<T extends TreeNode>(labels: string[]): Promise<T> {
    const explorer = await api();
    explorer.refresh();
    return await walk(explorer, labels) as T;
  }

  test('repository rows show ACR\'s tag and manifest counts and time, with the attributes in the hover', async () => {
    const explorer = await api();
    const repository = await row<RepositoryNode>(['ACR meta', 'meta/app']);
    const item = await waitFor('the counts on the row', () => {
      const drawn = explorer.treeItem(repository);
      return /^2 tags · 5 manifests · /.test(String(drawn.description)) ? drawn : undefined;
    });
    assert.equal(item.contextValue, 'repository.acr.unlocked');
    assert.match((item.tooltip as vscode.MarkdownString).value, /Write \\\(push onto it\\\) \| enabled/);
    assert.ok(menuCommandsFor(item.contextValue, /^9_delete/).includes('registryExplorer.deleteRepository'));
    assert.deepEqual(menuCommandsFor(item.contextValue, /^8_lock/), ['registryExplorer.lock']);
  });

  test('repository rows show as soon as the catalog is listed, while every details request is still held; released, the counts fill them in', async () => {
    const explorer = await api();
    const gate = acr.repositoryDetailsGate;
    gate.close();
    try {
      explorer.refresh();
      const registry = (await explorer.children()).find((n) => labelOf(n) === 'ACR meta');
      assert.ok(registry);
      const listed = await Promise.race([explorer.children(registry), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5_000))]);
      assert.ok(listed, 'no repository rows within 5 s while the details requests are held');
      const rows = listed.filter((n): n is RepositoryNode => n.kind === 'repository');
      assert.deepEqual(rows.map(labelOf).sort(), ['meta/app', 'meta/doomed']);
      await waitFor('details requests held at the server', () => gate.waiting === rows.length);
      for (const node of rows) {
        const item = explorer.treeItem(node);
        assert.equal(item.description, undefined, `${node.repository} shows only its name while its details are held`);
        assert.equal(item.contextValue, 'repository');
      }
      gate.release();
      const app = rows.find((n) => n.repository === 'meta/app')!;
      await waitFor('the counts on meta/app', () => /^2 tags · 5 manifests · /.test(String(explorer.treeItem(app).description)));
      assert.equal(explorer.treeItem(app).contextValue, 'repository.acr.unlocked');
      const doomed = rows.find((n) => n.repository === 'meta/doomed')!;
      await waitFor('the counts on meta/doomed', () => /^2 tags · 1 manifest · /.test(String(explorer.treeItem(doomed).description)));
    } finally {
      gate.release();
    }
  });

  test('untagged manifests are listed under their repository with size, time and platform, and deleted one and several at a time', async () => {
    const explorer = await api();
    const group = await row<UntaggedNode>(['ACR meta', 'meta/app', 'Untagged manifests']);
    assert.equal(explorer.treeItem(group).label, 'Untagged manifests (3)');
    const manifests = await explorer.children(group) as ManifestNode[];
    assert.deepEqual(manifests.map((m) => m.descriptor.digest).sort(), [digests.c, digests.d, digests.e].sort());
    const described = String(explorer.treeItem(manifests[0]).description);
    assert.match(described, /\d+ B · .* · linux\/amd64$/);
    assert.ok(menuCommandsFor(String(explorer.treeItem(manifests[0]).contextValue), /^9_delete/).includes('registryExplorer.deleteManifest'));

    const single = manifests.find((m) => m.descriptor.digest === digests.c);
    assert.ok(single);
    await withDialogs([{ kind: 'question', expect: new RegExp(`^Delete manifest .*meta/app@${digests.c}\\?$`), answer: 'Delete' }],
      () => vscode.commands.executeCommand('registryExplorer.deleteManifest', single, [single]));
    const rest = manifests.filter((m) => m !== single);
    await withDialogs([{ kind: 'question', expect: /^Delete 2 manifests\?$/, answer: 'Delete' }],
      () => vscode.commands.executeCommand('registryExplorer.deleteManifest', rest[0], rest));
    const left = (await client.listManifests('meta/app')).items.map((m) => m.digest).sort();
    assert.deepEqual(left, [digests.v1, digests.latest].sort());
    const children = await explorer.children(await row<RepositoryNode>(['ACR meta', 'meta/app']));
    assert.ok(!children.some((n) => n.kind === 'untagged'), `still listed: ${children.map(labelOf)}`);
  });

  test('a locked tag refuses delete and push with a message saying it is locked and how to unlock; unlocked, it deletes', async () => {
    const explorer = await api();
    const before = await row<TagNode>(['ACR meta', 'meta/app', 'v1']);
    assert.equal(explorer.treeItem(before).contextValue, 'tag.unlocked');
    const locking = await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.lock', before, [before]));
    assert.match(locking.dialogs.messages('info').join('\n'), /Locked .*meta\/app:v1/);
    const locked = await row<TagNode>(['ACR meta', 'meta/app', 'v1']);
    const item = explorer.treeItem(locked);
    assert.equal(item.contextValue, 'tag.locked');
    assert.match(String(item.description), /locked$/);
    assert.deepEqual(menuCommandsFor('tag.locked', /^8_lock/), ['registryExplorer.unlock']);

    // The row says it is locked: refused before any question.
    const refused = await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.deleteTag', locked, [locked]));
    assert.equal(refused.result, false);
    assert.match(refused.dialogs.messages('error').join('\n'), /meta\/app:v1 is locked\. Unlock it first/);
    // A row drawn before the lock: the registry's refusal is told as a lock, with no offer to delete the manifest instead.
    const stale = await withDialogs([{ kind: 'question', expect: /^Delete tag .*meta\/app:v1\?$/, answer: 'Delete' }],
      () => vscode.commands.executeCommand('registryExplorer.deleteTag', before, [before]));
    assert.equal(stale.result, false);
    assert.match(stale.dialogs.messages('error').join('\n'), /tag meta\/app:v1 is locked .*Unlock on its row/);
    // A push onto the locked tag (Add Tag from another manifest) is refused the same way.
    const latest = await row<TagNode>(['ACR meta', 'meta/app', 'latest']);
    const push = await withDialogs([
      { kind: 'input', expect: /^Add a tag to meta\/app@/, answer: 'v1' },
      { kind: 'question', expect: /meta\/app:v1 already points at another manifest/, answer: 'Move Tag' },
    ], () => vscode.commands.executeCommand('registryExplorer.addTag', latest, [latest]));
    assert.match(push.dialogs.messages('error').join('\n'), /tag meta\/app:v1 is locked .*cannot be pushed to.*Unlock on its row/);
    assert.equal((await client.getManifest('meta/app', 'v1')).digest, digests.v1, 'the locked tag did not move');

    await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.unlock', locked, [locked]));
    const unlocked = await row<TagNode>(['ACR meta', 'meta/app', 'v1']);
    assert.equal(explorer.treeItem(unlocked).contextValue, 'tag.unlocked');
    const deleted = await withDialogs([{ kind: 'question', expect: /^Delete tag .*meta\/app:v1\?$/, answer: 'Delete' }],
      () => vscode.commands.executeCommand('registryExplorer.deleteTag', unlocked, [unlocked]));
    assert.equal(deleted.result, true, JSON.stringify(deleted.dialogs.asked));
    assert.deepEqual((await client.listTags('meta/app')).items.map((t) => t.name), ['latest']);
  });

  test('Lock from the palette asks for the registry, the repository and what in it; the repository row then offers Unlock', async () => {
    const explorer = await api();
    await withDialogs([
      { kind: 'quickPick', expect: /^Lock/, answer: 'ACR meta' },
      { kind: 'quickPick', expect: /^Lock: repository in ACR meta/, answer: 'meta/app' },
      { kind: 'quickPick', expect: /^Lock: what in meta\/app\?/, answer: /itself/ },
    ], () => vscode.commands.executeCommand('registryExplorer.lock'));
    const repository = await waitFor('the locked repository row', async () => {
      const node = await row<RepositoryNode>(['ACR meta', 'meta/app']);
      return explorer.treeItem(node).contextValue === 'repository.acr.locked' ? node : undefined;
    });
    assert.match(String(explorer.treeItem(repository).description), /locked$/);
    await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.unlock', repository, [repository]));
    assert.equal((await client.getRepositoryInfo('meta/app')).attributes?.writeEnabled, true);
  });

  test('Delete Repository names the repository and how many tags and manifests go, then removes it', async () => {
    const explorer = await api();
    const repository = await row<RepositoryNode>(['ACR meta', 'meta/doomed']);
    const { dialogs } = await withDialogs([{ kind: 'question', expect: /^Delete repository .*meta\/doomed\?$/, answer: 'Delete Repository' }],
      () => vscode.commands.executeCommand('registryExplorer.deleteRepository', repository, [repository]));
    assert.match(dialogs.asked[0].detail ?? '', /meta\/doomed: 2 tags and 1 manifests/);
    assert.deepEqual(dialogs.asked[0].choices, ['Cancel', 'Delete Repository', 'Close']);
    const left = (await explorer.children(await row(['ACR meta']))).map(labelOf);
    assert.ok(!left.includes('meta/doomed'), `still listed: ${left}`);
    assert.ok(left.includes('meta/app'));
  });
});
