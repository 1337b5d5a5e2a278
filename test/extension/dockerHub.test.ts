import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startDockerHubServer, type RunningDockerHub } from '../harness/dockerHubApiServer';
import { seedSampleContent } from '../harness/seed';
import { dockerTransport, skopeoAccessFor, skopeoCopy, skopeoInspectRaw } from '../harness/skopeo';
import { formatBytes } from '../../src/registry/byteSize';
import type { ImageManifest } from '../../src/registry/types';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import type { RegistryNode, RepositoryNode, TagNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { api, labelOf, seededRegistryUrl, setRegistries, setSetting, walk } from './helpers';

const USER = 'samples';
const PAT = 'dckr_pat_extension-test-only';
const LIBRARY_PAT = 'dckr_pat_extension-library-only';

function savedRegistries(): RegistryConfig[] {
  return vscode.workspace.getConfiguration('registryExplorer').get<RegistryConfig[]>('registries') ?? [];
}

/**
 * Docker Hub as the explorer sees it: the project's Docker Hub API server (written from the Docker
 * Hub API reference) in front of a real docker-registry with the project's token server. The entry
 * points at them through its own `url` and `hubApiUrl`, as one for a Hub mirror would.
 */
suite('Docker Hub', () => {
  let hub: RunningDockerHub;
  suiteSetup(async function () {
    this.timeout(180_000);
    hub = await startDockerHubServer({
      users: { [USER]: PAT, library: LIBRARY_PAT }, privateRepositories: ['samples/dockerlist'], emptyNamespaces: ['quiet'], pullCounts: { 'samples/hello': 4321 },
    });
    await seedSampleContent(hub.registry.url, { username: USER, password: PAT, extraRepositories: 0 });
    const source = await skopeoAccessFor(hub.registry, { username: USER, password: PAT });
    const dest = await skopeoAccessFor(hub.registry, { username: 'library', password: LIBRARY_PAT });
    await skopeoCopy(dockerTransport(hub.registry.host, 'samples/hello:1.0'), dockerTransport(hub.registry.host, 'library/hello:1.0'), { src: source, dest });
  });
  suiteTeardown(async () => {
    await setSetting('tagDetails', undefined);
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await hub?.close();
  });

  test('Add Docker Hub (also from Add Registry with docker.io) saves a Docker Hub entry with public namespaces', async () => {
    await setRegistries([]);
    await withDialogs([
      { kind: 'input', expect: /^Add registry — Registry URL$/, answer: 'docker.io' },
      { kind: 'quickPick', expect: /^Sign in to Docker Hub$/, answer: 'Public namespaces only' },
      { kind: 'input', expect: /^Docker Hub namespaces — Public namespaces to list/, answer: 'library, Samples' },
    ], () => vscode.commands.executeCommand('registryExplorer.addRegistry'));
    assert.deepEqual(savedRegistries(), [{ name: 'Docker Hub', url: 'https://registry-1.docker.io', source: 'dockerHub', auth: 'anonymous', namespaces: ['library', 'samples'] }]);
    const { dialogs } = await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.addDockerHub'));
    assert.match(dialogs.messages('info')[0] ?? '', /Docker Hub is already in the explorer/);
  });

  test('signing in with a personal access token: a wrong one is refused by the Hub, the right one kept out of settings', async () => {
    await setRegistries([{ name: 'Docker Hub', url: hub.registry.url, hubApiUrl: hub.hubUrl, source: 'dockerHub', auth: 'anonymous', namespaces: ['library'] }]);
    const explorer = await api();
    explorer.refresh();
    const row = await walk(explorer, ['Docker Hub']) as RegistryNode;
    assert.equal(explorer.treeItem(row).contextValue, 'registry.dockerHub');
    assert.deepEqual((await explorer.children(row)).map(labelOf), ['library/hello']);
    const { dialogs } = await withDialogs([
      { kind: 'quickPick', expect: /^Sign in to Docker Hub$/, answer: 'Username and personal access token' },
      { kind: 'input', expect: /— Docker ID \(username\)$/, answer: USER },
      { kind: 'input', expect: /— Personal access token of samples/, answer: 'dckr_pat_wrong' },
      { kind: 'question', expect: /refused the sign-in of samples/, answer: 'Try Again' },
      { kind: 'input', expect: /— Docker ID \(username\)$/, answer: USER },
      { kind: 'input', expect: /— Personal access token of samples/, answer: PAT },
    ], () => vscode.commands.executeCommand('registryExplorer.signIn', row, [row]));
    assert.ok(!JSON.stringify(dialogs.asked).includes('dckr_pat_wrong'), 'a message repeated the token');
    const [saved] = savedRegistries();
    assert.deepEqual({ auth: saved.auth, username: saved.username, namespaces: saved.namespaces }, { auth: 'basic', username: USER, namespaces: ['library'] });
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('registryExplorer').inspect('registries')).includes(PAT), 'the token is in settings');
    explorer.refresh();
    const names = (await explorer.children(await walk(explorer, ['Docker Hub']))).map(labelOf);
    assert.deepEqual(names, ['samples/artifact', 'samples/dockerlist', 'samples/hello', 'samples/multiarch', 'library/hello']);
  });

  test('a prefix filter finds a later namespace\'s repositories (the Hub\'s listing is not one sorted catalog)', async () => {
    const explorer = await api();
    const registry = await walk(explorer, ['Docker Hub']) as RegistryNode;
    await withDialogs([{ kind: 'input', expect: /^Filter repositories — /, answer: 'library/*' }],
      () => vscode.commands.executeCommand('registryExplorer.filter', registry, [registry]));
    try {
      assert.deepEqual((await explorer.children(registry)).map(labelOf), ['library/hello']);
    } finally {
      await vscode.commands.executeCommand('registryExplorer.clearFilter', registry, [registry]);
    }
  });

  test('a namespace\'s repositories and tags show the Hub\'s pulls, sizes and times; a manifest opens through /v2', async () => {
    await setSetting('tagDetails', 'off');
    const explorer = await api();
    explorer.refresh();
    const before = hub.requests.length;
    const repository = await walk(explorer, ['Docker Hub', 'samples/hello']) as RepositoryNode;
    assert.match(String(explorer.treeItem(repository).description), /^4,321 pulls · /);
    const tags = await explorer.children(repository) as TagNode[];
    assert.ok(hub.requests.slice(before).some((r) => r.path === '/v2/namespaces/samples/repositories/hello/tags'), 'tags were not listed through the Hub API');
    const raw = await skopeoInspectRaw(dockerTransport(hub.registry.host, 'samples/hello:1.0'), await skopeoAccessFor(hub.registry, { username: USER, password: PAT }));
    const manifest = JSON.parse(raw.toString('utf8')) as ImageManifest;
    const size = manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
    const tag = tags.find((t) => t.tag.name === '1.0');
    assert.ok(tag, `no 1.0 among ${tags.map(labelOf)}`);
    assert.equal(tag.tag.size, size);
    assert.ok(String(explorer.treeItem(tag).description).startsWith(`${formatBytes(size)} · `), String(explorer.treeItem(tag).description));
    const uri = await vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openManifest', tag);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(), raw.toString('utf8'));
  });

  test('a public namespace is added from the row after the Hub confirms it, and removed again', async () => {
    const explorer = await api();
    const row = await walk(explorer, ['Docker Hub']) as RegistryNode;
    const { dialogs } = await withDialogs([{ kind: 'input', expect: /^Add a namespace to Docker Hub — /, answer: 'nobody-here' }],
      () => vscode.commands.executeCommand('registryExplorer.addDockerHubNamespace', row, [row]));
    assert.deepEqual(dialogs.messages('warning'), ['Docker Hub has no namespace "nobody-here": nothing was added.']);
    await withDialogs([{ kind: 'input', expect: /^Add a namespace to Docker Hub — /, answer: 'quiet' }],
      () => vscode.commands.executeCommand('registryExplorer.addDockerHubNamespace', row, [row]));
    assert.deepEqual(savedRegistries()[0].namespaces, ['library', 'quiet']);
    await withDialogs([{ kind: 'quickPick', expect: /^Remove a namespace from Docker Hub$/, answer: 'library' }],
      () => vscode.commands.executeCommand('registryExplorer.removeDockerHubNamespace'));
    assert.deepEqual(savedRegistries()[0].namespaces, ['quiet']);
    explorer.refresh();
    assert.deepEqual((await explorer.children(await walk(explorer, ['Docker Hub']))).map(labelOf), ['samples/artifact', 'samples/dockerlist', 'samples/hello', 'samples/multiarch']);
  });

  test('the Hub\'s rate limit shows as a plain error row', async function () {
    this.timeout(60_000);
    const explorer = await api();
    hub.rateLimitNext(10);
    explorer.refresh();
    const rows = await explorer.children(await walk(explorer, ['Docker Hub']));
    hub.rateLimitNext(0);
    assert.equal(rows[0]?.kind, 'message');
    assert.match(labelOf(rows[0]), /^127\.0\.0\.1:\d+ allows no more requests for now \(rate limit: 0 of 180 left\); try again after \d\d:\d\d UTC/);
  });
});
