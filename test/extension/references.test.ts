import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Descriptor, ImageIndex, RegistryService } from '../../src/registry/types';
import type { TagNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { api, seededRegistryUrl, useSeededRegistryAndFolder, waitFor, walk } from './helpers';

const REPOSITORY = 'samples/hello';
const HEX = 'c0ffee'.repeat(10) + 'c0de';
/** Tags that look like digests (cosign's signature tags, the referrers fallback tag, CI's short SHAs). */
const DIGEST_LIKE_TAGS = [`sha256-${HEX}`, `sha256-${HEX}.sig`, 'sha-1a2b3c4'];
const host = () => new URL(seededRegistryUrl()).host;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

async function client(): Promise<RegistryService> {
  const explorer = await api();
  const registry = await walk(explorer, ['Seeded']);
  assert.equal(registry.kind, 'registry');
  return explorer.clientFor(registry.registry);
}

/** Pushes a copy of samples/hello:1.0 made unique by trailing spaces, under `tag`; returns its digest. */
async function pushUnique(tag: string, spaces: number): Promise<string> {
  const registry = await client();
  const source = await registry.getManifest(REPOSITORY, '1.0');
  const bytes = Buffer.concat([source.bytes, Buffer.from(' '.repeat(spaces))]);
  return (await registry.putManifest(REPOSITORY, bytes, { reference: tag, mediaType: source.mediaType })).digest;
}

async function tagNode(tag: string): Promise<TagNode> {
  const explorer = await api();
  explorer.refresh();
  if (!/^sha256-[a-f0-9]{64}$/.test(tag)) return await walk(explorer, ['Seeded', REPOSITORY, tag]) as TagNode;
  // A referrers-schema tag whose subject is not a listed tag is in the "Other references" row, shown once the listed tags' digests are in.
  const repository = await walk(explorer, ['Seeded', REPOSITORY]);
  const group = await waitFor('the Other references row', async () => (await explorer.children(repository)).find((n) => n.kind === 'referrerTags'));
  return await waitFor(`${tag} in Other references`, async () => (await explorer.children(group)).find((n): n is TagNode => n.kind === 'tag' && n.tag.name === tag));
}

async function exists(digest: string): Promise<boolean> {
  return (await client()).getManifest(REPOSITORY, digest).then(() => true, () => false);
}

suite('Tags that look like digests, and what exactly gets deleted', () => {
  useSeededRegistryAndFolder('crx-refs-');
  let spaces = 1;

  for (const tag of DIGEST_LIKE_TAGS) {
    test(`Delete Tag on "${tag}" names the tag and its digest, and deletes that digest`, async () => {
      const digest = await pushUnique(tag, spaces++);
      const node = await tagNode(tag);
      const { result, dialogs } = await withDialogs([
        { kind: 'question', expect: new RegExp(`^Delete tag ${escape(`${host()}/${REPOSITORY}:${tag}`)}\\?$`), answer: 'Delete' },
        { kind: 'question', expect: new RegExp(`^This registry cannot delete the tag ${escape(tag)} alone\\. Delete manifest ${digest} instead\\?$`), answer: 'Delete Manifest' },
      ], () => vscode.commands.executeCommand('registryExplorer.deleteTag', node, [node]));
      assert.equal(dialogs.asked[0].detail, `Only the tag goes; the manifest ${digest} stays. If this registry cannot delete a tag alone, you will be asked again.`);
      assert.equal(result, true, JSON.stringify(dialogs.asked));
      assert.equal(await exists(digest), false);
      assert.equal(await exists('1.0'), true, 'samples/hello:1.0 must survive');
    });

    test(`Delete Manifest on "${tag}" resolves the tag and deletes its digest`, async () => {
      const digest = await pushUnique(tag, spaces++);
      const node = await tagNode(tag);
      const { result, dialogs } = await withDialogs([
        { kind: 'question', expect: new RegExp(`^Delete manifest ${escape(`${host()}/${REPOSITORY}`)}@${digest}\\?$`), answer: 'Delete' },
      ], () => vscode.commands.executeCommand('registryExplorer.deleteManifest', node, [node]));
      assert.equal(result, true, JSON.stringify(dialogs.asked));
      assert.equal(await exists(digest), false);
    });
  }

  test('a tag moved while the dialog was open is not deleted, nor is what it points to now', async () => {
    const tag = DIGEST_LIKE_TAGS[1];
    const confirmed = await pushUnique(tag, spaces++);
    let moved = '';
    const node = await tagNode(tag);
    const { result, dialogs } = await withDialogs([
      { kind: 'question', expect: /^Delete tag /, answer: 'Delete' },
      {
        kind: 'question', expect: new RegExp(`Delete manifest ${confirmed} instead\\?$`), answer: 'Delete Manifest',
        meanwhile: async () => { moved = await pushUnique(tag, spaces++); },
      },
    ], () => vscode.commands.executeCommand('registryExplorer.deleteTag', node, [node]));
    assert.equal(result, false);
    assert.deepEqual(dialogs.messages('error'), [`Delete failed: tag ${REPOSITORY}:${tag} now points to ${moved}, not to ${confirmed}; nothing was deleted`]);
    assert.equal(await exists(confirmed), true);
    assert.equal(await exists(moved), true);
    await (await client()).deleteManifest(REPOSITORY, moved);
    await (await client()).deleteManifest(REPOSITORY, confirmed);
  });
});

suite('Pull one platform of a Windows-style index', () => {
  const scratch = useSeededRegistryAndFolder('crx-windows-');

  /** Two windows/amd64 images told apart only by os.version, as Microsoft publishes them. */
  async function pushWindowsIndex(): Promise<{ wanted: Descriptor }> {
    const registry = await client();
    const layer = await registry.uploadBlob(REPOSITORY, Buffer.from('windows layer bytes'));
    const images: Descriptor[] = [];
    for (const version of ['10.0.17763.5830', '10.0.20348.2461']) {
      const config = await registry.uploadBlob(REPOSITORY, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'windows', 'os.version': version, rootfs: { type: 'layers', diff_ids: [] } })));
      const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layer.digest, size: layer.size }],
      }));
      const pushed = await registry.putManifest(REPOSITORY, manifest, { mediaType: 'application/vnd.oci.image.manifest.v1+json' });
      images.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: pushed.digest, size: manifest.length, platform: { architecture: 'amd64', os: 'windows', 'os.version': version } });
    }
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: images }));
    await registry.putManifest(REPOSITORY, index, { reference: 'windows', mediaType: 'application/vnd.oci.image.index.v1+json' });
    return { wanted: images[1] };
  }

  test('the platform picked is the one pulled, by its digest', async () => {
    const { wanted } = await pushWindowsIndex();
    const node = await tagNode('windows');
    const layout = join(scratch.folder, 'windows');
    const { result, dialogs } = await withDialogs([
      { kind: 'quickPick', expect: /^Pull samples\/hello:windows — Which platform\?$/, answer: 'windows/amd64 (10.0.20348.2461)' },
      { kind: 'openDialog', expect: /^OCI image layout folder$/, answer: layout },
    ], () => vscode.commands.executeCommand<Descriptor>('registryExplorer.pullImage', node, [node]));
    assert.deepEqual(dialogs.asked[0].choices, ['All platforms', 'windows/amd64 (10.0.17763.5830)', 'windows/amd64 (10.0.20348.2461)']);
    assert.deepEqual(dialogs.messages('error'), []);
    assert.equal(result?.digest, wanted.digest);
    const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as ImageIndex;
    assert.equal(index.manifests[0].digest, wanted.digest);
  });
});
