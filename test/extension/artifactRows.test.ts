import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RegistryService } from '../../src/registry/types';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { buildArtifact, buildImage, type BlobData } from '../harness/fixtures';
import { withDialogs } from './dialogs';
import { api, menuCommandsFor, seededRegistryUrl, setRegistries, setSetting, waitFor, walk } from './helpers';
import { pushImage } from './tagRowHelpers';

const REPOSITORY = 'artifacts/app';
const NOTATION_SIGNATURE = 'application/vnd.cncf.notary.signature';
const FILE_COMMANDS = ['registryExplorer.openImageFilesystem', 'registryExplorer.findInImage', 'registryExplorer.compareWith'];

async function pushArtifact(client: RegistryService, artifact: ReturnType<typeof buildArtifact>, tag?: string): Promise<void> {
  for (const blob of [artifact.config, ...artifact.layers]) await client.uploadBlob(REPOSITORY, blob.bytes);
  await client.putManifest(REPOSITORY, artifact.manifest.bytes, tag ? { reference: tag } : {});
}

const menuOf = async (node: TreeNode) => menuCommandsFor(String((await api()).treeItem(node).contextValue), /./);

suite('Artifact rows: signatures and SBOMs are no images to open as folders', () => {
  let subject: BlobData;
  suiteSetup(async () => {
    await setSetting('pageSize', 100);
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    const client = await (await api()).clientFor({ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' });
    const image = buildImage({ label: 'artifact-subject' });
    subject = image.manifest;
    await pushImage(client, REPOSITORY, image, 'v1');
    await pushArtifact(client, buildArtifact({ artifactType: NOTATION_SIGNATURE, layerMediaType: 'application/jose+json', content: '{"payload":"x"}', subject }));
    await pushArtifact(client, buildArtifact({ artifactType: 'application/spdx+json', layerMediaType: 'application/spdx+json', content: '{"spdxVersion":"SPDX-2.3"}' }), 'sbom');
    (await api()).refresh();
  });

  test('a signature referrer row and a tag of an SBOM offer no Open Image Filesystem, Find in Image or Compare With; the image tag does', async () => {
    const explorer = await api();
    const signature = await walk(explorer, ['Seeded', REPOSITORY, 'v1', 'Referrers', 'signature (Notation)']);
    const signatureMenu = await menuOf(signature);
    for (const command of FILE_COMMANDS) assert.ok(!signatureMenu.includes(command), `${command} on ${explorer.treeItem(signature).contextValue}`);
    for (const command of ['registryExplorer.openManifest', 'registryExplorer.showImageSummary', 'registryExplorer.pullImage', 'registryExplorer.copyTo']) {
      assert.ok(signatureMenu.includes(command), `${command} missing on ${explorer.treeItem(signature).contextValue}`);
    }
    const [sbom, v1] = [await walk(explorer, ['Seeded', REPOSITORY, 'sbom']), await walk(explorer, ['Seeded', REPOSITORY, 'v1'])];
    await waitFor('the sbom tag known as an artifact', () => explorer.treeItem(sbom).contextValue === 'tag.artifact' || undefined);
    const sbomMenu = await menuOf(sbom);
    for (const command of FILE_COMMANDS) assert.ok(!sbomMenu.includes(command), `${command} on the sbom tag`);
    assert.ok(sbomMenu.includes('registryExplorer.deleteTag') && sbomMenu.includes('registryExplorer.openManifest'));
    await waitFor('v1 known as an image', () => /^image/.test(String(explorer.treeItem(v1).description ?? '')) || undefined);
    assert.equal(explorer.treeItem(v1).contextValue, 'tag');
    const imageMenu = await menuOf(v1);
    for (const command of FILE_COMMANDS) assert.ok(imageMenu.includes(command), `${command} missing on v1`);
  });

  test('an artifact given anyway (a row, the palette) is named plainly: no filesystem, not the layer type', async () => {
    const explorer = await api();
    const signature = await walk(explorer, ['Seeded', REPOSITORY, 'v1', 'Referrers', 'signature (Notation)']);
    const v1 = await walk(explorer, ['Seeded', REPOSITORY, 'v1']);
    const plain = (title: string) => new RegExp(`^${title} failed: artifacts/app@[0-9a-f]{12} \\(signature \\(Notation\\)\\) is an artifact \\(application/vnd\\.cncf\\.notary\\.signature\\), not a container image: it has no filesystem$`);
    for (const [command, title] of [['openImageFilesystem', 'Open image filesystem'], ['findInImage', 'Find in image'], ['compareWith', 'Compare with']]) {
      const { result, dialogs } = await withDialogs([], () => vscode.commands.executeCommand(`registryExplorer.${command}`, signature, [signature, v1]));
      assert.equal(result, undefined);
      const errors = dialogs.messages('error');
      assert.equal(errors.length, 1, `${command}: ${JSON.stringify(dialogs.asked)}`);
      assert.match(errors[0], plain(title));
    }
    const { dialogs } = await withDialogs([
      { kind: 'quickPick', expect: /^Open image filesystem: repository in Seeded/, answer: REPOSITORY },
      { kind: 'quickPick', expect: /^Open image filesystem: tag of artifacts\/app$/, answer: 'sbom' },
    ], () => vscode.commands.executeCommand('registryExplorer.openImageFilesystem'));
    assert.deepEqual(dialogs.messages('error'), ['Open image filesystem failed: artifacts/app:sbom is an artifact (application/spdx+json), not a container image: it has no filesystem']);
  });

  test('tag pickers (Compare With\'s other side, the palette\'s, Browse Layer\'s) leave out the referrers-schema tags the tree shows under their subject', async () => {
    const explorer = await api();
    const referrersTag = `sha256-${subject.digest.slice('sha256:'.length)}`;
    const listed = (await (await explorer.clientFor({ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' })).listTags(REPOSITORY, { pageSize: 100 })).items.map((t) => t.name);
    assert.deepEqual(listed.sort(), [referrersTag, 'sbom', 'v1'].sort(), 'the registry keeps the signature in a referrers-schema tag');
    const v1 = await walk(explorer, ['Seeded', REPOSITORY, 'v1']);
    const other = await withDialogs([{ kind: 'quickPick', expect: /^Compare artifacts\/app:v1 with…/, answer: undefined }],
      () => vscode.commands.executeCommand('registryExplorer.compareWith', v1, [v1]));
    assert.deepEqual(other.dialogs.asked[0].choices?.filter((label) => !label.startsWith('$(')), ['sbom']);
    for (const [command, title] of [['browseLayer', 'Browse layer'], ['openImageFilesystem', 'Open image filesystem'], ['openManifest', 'Open manifest']]) {
      const { dialogs } = await withDialogs([
        { kind: 'quickPick', expect: new RegExp(`^${title}: repository in Seeded`), answer: REPOSITORY },
        { kind: 'quickPick', expect: new RegExp(`^${title}: tag of artifacts/app$`), answer: undefined },
      ], () => vscode.commands.executeCommand(`registryExplorer.${command}`));
      assert.deepEqual(dialogs.asked[1].choices?.filter((label) => !label.startsWith('$(')).sort(), ['sbom', 'v1'], command);
    }
  });
});
