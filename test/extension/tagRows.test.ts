import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RegistryService } from '../../src/registry/types';
import type { RegistryExplorerApi } from '../../src/ui/api';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import { formatBytes } from '../../src/registry/byteSize';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { buildArtifact, buildImage, type BlobData } from '../harness/fixtures';
import { description, pushImage } from './tagRowHelpers';
import { api, labelOf, seededRegistryUrl, setRegistries, setSetting, waitFor, walk } from './helpers';

const SEEDED: RegistryConfig = { name: 'Seeded', url: '', auth: 'anonymous' };
const ROW_TAIL = /(ago|yesterday|last (week|month|year)) · sha256:[0-9a-f]{8}/;

async function pushArtifact(client: RegistryService, repository: string, artifactType: string, subject: BlobData): Promise<void> {
  const artifact = buildArtifact({ artifactType, layerMediaType: artifactType, content: `{"for":"${subject.digest}"}`, subject });
  for (const blob of [artifact.config, ...artifact.layers]) await client.uploadBlob(repository, blob.bytes);
  await client.putManifest(repository, artifact.manifest.bytes);
}

/** A hover's text with markdown escapes taken out. */
const hoverText = async (explorer: RegistryExplorerApi, node: TreeNode) =>
  ((await explorer.resolveTreeItem(node)).tooltip as vscode.MarkdownString).value.replace(/\\(.)/g, '$1');

/** Config plus layers, read from the manifest's own bytes. */
async function expectedSize(client: RegistryService, repository: string, reference: string): Promise<string> {
  const manifest = JSON.parse((await client.getManifest(repository, reference)).bytes.toString('utf8')) as { config: { size: number }; layers: Array<{ size: number }> };
  return formatBytes(manifest.config.size + manifest.layers.reduce((total, layer) => total + layer.size, 0));
}

async function childLabels(explorer: RegistryExplorerApi, node: TreeNode): Promise<string[]> {
  return (await explorer.children(node)).map(labelOf);
}

suite('Tag rows: details, order, referrers', () => {
  let client: RegistryService;
  let orphanSubject: BlobData;
  suiteSetup(async () => {
    SEEDED.url = seededRegistryUrl();
    await setSetting('pageSize', 100);
    await setSetting('tagDetails', 'visible');
    await setRegistries([SEEDED]);
    client = await (await api()).clientFor(SEEDED);
    const dates: Record<string, string> = { '1.9': '2025-01-01T00:00:00Z', '1.10': '2025-02-01T00:00:00Z', '1.9-rc1': '2025-03-01T00:00:00Z', latest: '2024-06-01T00:00:00Z' };
    for (const [tag, created] of Object.entries(dates)) await pushImage(client, 'rows/versions', buildImage({ label: `rows-${tag}`, created }), tag);
    const shared = buildImage({ label: 'rows-shared', created: '2024-01-01T00:00:00Z' });
    await pushImage(client, 'rows/shared', shared, '1.0');
    await client.putManifest('rows/shared', shared.manifest.bytes, { reference: 'latest' });
    const subject = buildImage({ label: 'rows-signed', created: '2025-05-01T00:00:00Z' });
    await pushImage(client, 'rows/signed', subject, 'v1');
    await pushArtifact(client, 'rows/signed', 'application/spdx+json', subject.manifest);
    const orphan = buildImage({ label: 'rows-untagged' });
    await pushImage(client, 'rows/signed', orphan);
    await pushArtifact(client, 'rows/signed', 'application/vnd.cncf.notary.signature', orphan.manifest);
    orphanSubject = orphan.manifest;
  });
  suiteTeardown(async () => {
    await setSetting('tagDetails', undefined);
  });

  test('a tag row fills in with kind, compressed size, time and short digest; tags of one manifest are marked; the hover has it all', async () => {
    const explorer = await api();
    explorer.refresh();
    const tag = await walk(explorer, ['Seeded', 'rows/shared', '1.0']);
    const size = await expectedSize(client, 'rows/shared', '1.0');
    const drawn = await waitFor('the 1.0 row filled in', () => {
      const text = description(explorer, tag);
      return text.startsWith('image') && text.includes('= latest') ? text : undefined;
    });
    assert.ok(drawn.startsWith(`image · ${size} · `), drawn);
    assert.match(drawn, ROW_TAIL);
    assert.match(drawn, / · = latest$/);
    const latest = (await explorer.children(await walk(explorer, ['Seeded', 'rows/shared']))).find((n) => labelOf(n) === 'latest');
    assert.ok(latest);
    assert.match(description(explorer, latest), / · = 1\.0$/);

    const hover = await hoverText(explorer, tag);
    const digest = (await client.getManifest('rows/shared', '1.0')).digest;
    for (const expected of ['rows/shared:1.0', 'Kind | image', digest, 'config and layers as stored, compressed', 'Created | 2024-01-01T00:00:00.000Z · ', ' ago · from the image config', 'Tags | 1.0, latest']) {
      assert.ok(hover.includes(expected), `hover lacks "${expected}":\n${hover}`);
    }
  });

  test('an index row counts its platforms; a platform row shows that image\'s own size, not the manifest document\'s', async () => {
    const explorer = await api();
    const latest = await walk(explorer, ['Seeded', 'samples/multiarch', 'latest']);
    const text = await waitFor('the index row filled in', () => (description(explorer, latest).startsWith('index') ? description(explorer, latest) : undefined));
    assert.match(text, /^index · 2 platforms · [\d.]+ (B|KB)(–[\d.]+ (B|KB))? · /);
    const index = JSON.parse((await client.getManifest('samples/multiarch', 'latest')).bytes.toString('utf8')) as { manifests: Array<{ digest: string; size: number; platform: { architecture: string } }> };
    const amd64 = index.manifests.find((m) => m.platform.architecture === 'amd64');
    assert.ok(amd64);
    const platform = (await explorer.children(latest)).find((n) => labelOf(n) === 'linux/amd64');
    assert.ok(platform);
    const size = await expectedSize(client, 'samples/multiarch', amd64.digest);
    const row = await waitFor('the platform row filled in', () => (description(explorer, platform).startsWith('image') ? description(explorer, platform) : undefined));
    assert.equal(row, `image · ${size} · ${amd64.digest.slice(0, 'sha256:'.length + 8)}`);
    assert.notEqual(size, formatBytes(amd64.size), 'the fixture\'s image is larger than its manifest document');
  });

  test('tags sort newest first once times are known; the toggle switches to newest version first from the palette, the repository menu and the title bar', async () => {
    const explorer = await api();
    const repository = await walk(explorer, ['Seeded', 'rows/versions']);
    const newest = ['1.9-rc1', '1.10', '1.9', 'latest'];
    const byVersion = ['1.10', '1.9', '1.9-rc1', 'latest'];
    await waitFor(`order ${newest}`, async () => JSON.stringify(await childLabels(explorer, repository)) === JSON.stringify(newest));
    await vscode.commands.executeCommand('registryExplorer.toggleTagSort');
    await waitFor(`order ${byVersion}`, async () => JSON.stringify(await childLabels(explorer, repository)) === JSON.stringify(byVersion));
    await vscode.commands.executeCommand('registryExplorer.toggleTagSort', repository, [repository]);
    await waitFor(`order ${newest} again`, async () => JSON.stringify(await childLabels(explorer, repository)) === JSON.stringify(newest));
    const aTag = (await explorer.children(repository))[0];
    await vscode.commands.executeCommand('registryExplorer.toggleTagSort', aTag);
    await waitFor(`order ${byVersion} again`, async () => JSON.stringify(await childLabels(explorer, repository)) === JSON.stringify(byVersion));
    await vscode.commands.executeCommand('registryExplorer.toggleTagSort');

    const menus = vscode.extensions.getExtension('crx-team.container-registry-explorer')?.packageJSON.contributes.menus;
    assert.ok(menus['view/title'].some((m: { command: string }) => m.command === 'registryExplorer.toggleTagSort'));
    assert.ok(menus['view/item/context'].some((m: { command: string; when: string }) => m.command === 'registryExplorer.toggleTagSort' && /viewItem =~ \/\^repository\//.test(m.when)));
  });

  test('referrers-schema tags are no ordinary tags: they show under their subject, and one row groups those whose subject is not listed', async () => {
    const explorer = await api();
    const repository = await walk(explorer, ['Seeded', 'rows/signed']);
    // Before v1's digest is known both referrers tags wait in the group; then v1's goes under v1.
    const group = await waitFor('v1 and one other reference', async () => {
      const rows = await explorer.children(repository);
      const last = rows.at(-1);
      return rows.length === 2 && labelOf(rows[0]) === 'v1' && last?.kind === 'referrerTags' && explorer.treeItem(last).label === 'Other references (1)' ? last : undefined;
    });
    const v1 = await walk(explorer, ['Seeded', 'rows/signed', 'v1', 'Referrers']);
    assert.deepEqual(await childLabels(explorer, v1), ['sbom (SPDX)']);
    const [referrersTag] = await explorer.children(group);
    assert.equal(labelOf(referrersTag), `sha256-${orphanSubject.digest.slice('sha256:'.length)}`);
    assert.deepEqual(await childLabels(explorer, referrersTag), ['signature (Notation)']);
  });

  test('every row knows its parent, so reveal opens the way to it', async () => {
    const explorer = await api();
    const config = await walk(explorer, ['Seeded', 'samples/multiarch', 'latest', 'linux/amd64', 'config']);
    const chain: string[] = [];
    for (let node: TreeNode | undefined = config; node; node = explorer.parent(node)) chain.push(labelOf(node));
    assert.deepEqual(chain, ['config', 'linux/amd64', 'latest', 'samples/multiarch', 'Seeded']);
    const referrer = (await explorer.children(await walk(explorer, ['Seeded', 'rows/signed', 'v1', 'Referrers'])))[0];
    assert.deepEqual([explorer.parent(referrer), explorer.parent(explorer.parent(referrer)!)].map((n) => n && labelOf(n)), ['Referrers', 'v1']);

    await vscode.commands.executeCommand('registryExplorer.registries.focus');
    await vscode.commands.executeCommand('workbench.actions.treeView.registryExplorer.registries.collapseAll');
    await explorer.view.reveal(config, { select: true, focus: false, expand: false });
    await waitFor('the revealed row selected', () => explorer.view.selection[0]?.key === config.key);
  });
});
