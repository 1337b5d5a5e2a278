import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Descriptor, ImageIndex } from '../../src/registry/types';
import type { ManifestNode, TagNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { api, useSeededRegistryAndFolder, waitFor, walk } from './helpers';

const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

suite('Pull, delete manifest, schemas', () => {
  const name = 'Seeded';
  const scratch = useSeededRegistryAndFolder('crx-pull-');

  test('pulls one platform of an index into an OCI layout with verified blobs', async () => {
    const explorer = await api();
    const tag = await walk(explorer, [name, 'samples/multiarch', 'latest']) as TagNode;
    const layout = join(scratch.folder, 'arm64');
    const { result: root } = await withDialogs([
      { kind: 'quickPick', expect: /^Pull samples\/multiarch:latest — Which platform\?$/, answer: 'linux/arm64/v8' },
      { kind: 'openDialog', expect: /^OCI image layout folder$/, answer: layout },
    ], () => vscode.commands.executeCommand<Descriptor>('registryExplorer.pullImage', tag, [tag]));
    assert.ok(root, 'pull returned nothing');
    assert.equal(root.platform?.architecture, 'arm64');
    const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as ImageIndex;
    assert.equal(index.manifests[0].digest, root.digest);
    const manifestBytes = await readFile(join(layout, 'blobs', 'sha256', root.digest.slice(7)));
    assert.equal(sha256(manifestBytes), root.digest);
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as { layers: Descriptor[] };
    for (const layer of manifest.layers) assert.equal(sha256(await readFile(join(layout, 'blobs', 'sha256', layer.digest.slice(7)))), layer.digest);
    assert.equal(JSON.parse(await readFile(join(layout, 'oci-layout'), 'utf8')).imageLayoutVersion, '1.0.0');
  });

  test('pulls every platform when asked', async () => {
    const explorer = await api();
    const tag = await walk(explorer, [name, 'samples/multiarch', 'latest']) as TagNode;
    const layout = join(scratch.folder, 'all');
    const { result: root } = await withDialogs([
      { kind: 'quickPick', expect: /^Pull samples\/multiarch:latest — Which platform\?$/, answer: 'All platforms' },
      { kind: 'openDialog', expect: /^OCI image layout folder$/, answer: layout },
    ], () => vscode.commands.executeCommand<Descriptor>('registryExplorer.pullImage', tag, [tag]));
    const client = await explorer.clientFor(tag.registry);
    assert.equal(root.digest, (await client.getManifest('samples/multiarch', 'latest')).digest);
  });

  test('deletes a manifest by digest', async () => {
    const explorer = await api();
    const registry = await walk(explorer, [name]);
    assert.equal(registry.kind, 'registry');
    const client = await explorer.clientFor(registry.kind === 'registry' ? registry.registry : { url: '' });
    const source = await client.getManifest('samples/hello', '1.0');
    const pushed = await client.putManifest('samples/hello', Buffer.from(source.bytes.toString('utf8') + '\n'), { reference: 'doomed', mediaType: source.mediaType });
    explorer.refresh();
    const tag = await walk(explorer, [name, 'samples/hello', 'doomed']) as TagNode;
    const node: ManifestNode = { kind: 'manifest', key: `${tag.key}/m`, registry: tag.registry, repository: 'samples/hello', label: 'doomed', descriptor: { digest: pushed.digest, mediaType: source.mediaType, size: 0 } };
    const { result, dialogs } = await withDialogs([{ kind: 'question', expect: new RegExp(`^Delete manifest [^ ]+/samples/hello@${pushed.digest}\\?$`), answer: 'Delete' }],
      () => vscode.commands.executeCommand('registryExplorer.deleteManifest', node, [node]));
    assert.equal(result, true);
    assert.match(dialogs.asked[0].detail ?? '', /^The manifest goes with tag doomed\. This cannot be undone\.$/);
    await assert.rejects(client.getManifest('samples/hello', pushed.digest));
    assert.equal((await client.getManifest('samples/hello', '1.0')).digest, source.digest, 'the original must survive');
  });

  test('schemas flag a manifest list entry without a digest as the user types', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('registryExplorer.newManifest', 'docker-manifest-list');
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [{ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', size: 10, platform: { os: 'linux', architecture: 'amd64' } }],
    }, null, 2)));
    const diagnostics = await waitFor('JSON schema diagnostics', () => {
      const found = vscode.languages.getDiagnostics(document.uri);
      return found.length > 0 ? found : undefined;
    }, 20_000);
    assert.ok(diagnostics.some((d) => /digest/.test(d.message)), diagnostics.map((d) => d.message).join('; '));
  });

  test('shows referrers under their subject', async () => {
    const explorer = await api();
    const registry = await walk(explorer, [name]);
    const client = await explorer.clientFor(registry.kind === 'registry' ? registry.registry : { url: '' });
    const subject = await client.getManifest('samples/hello', '1.0');
    const empty = await client.uploadBlob('samples/hello', Buffer.from('{}'));
    const layer = await client.uploadBlob('samples/hello', Buffer.from('signature bytes'));
    const artifact = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: 'application/vnd.example.signature.v1',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: empty.digest, size: 2 },
      layers: [{ mediaType: 'application/vnd.example.signature.v1', digest: layer.digest, size: layer.size }],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.bytes.length },
    }));
    const pushed = await client.putManifest('samples/hello', artifact, { mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    explorer.refresh();
    const referrers = await walk(explorer, [name, 'samples/hello', '1.0', 'Referrers']);
    const children = await explorer.children(referrers);
    assert.equal(children.length, 1);
    const child = children[0] as ManifestNode;
    assert.equal(child.label, 'application/vnd.example.signature.v1');
    assert.equal(child.descriptor.digest, pushed.digest);
  });

  test('schemas accept every seeded manifest as it is', async () => {
    const explorer = await api();
    const targets = [['samples/hello', '1.0'], ['samples/multiarch', 'latest'], ['samples/dockerlist', 'latest'], ['samples/artifact', 'v1']];
    const documents: vscode.TextDocument[] = [];
    for (const [repository, tag] of targets) {
      documents.push(await vscode.commands.executeCommand<vscode.TextDocument>('registryExplorer.editManifest', await walk(explorer, [name, repository, tag])));
    }
    const { registry } = await walk(explorer, [name, 'samples/dockerlist', 'latest']) as TagNode;
    const client = await explorer.clientFor(registry);
    const list = await client.getManifest('samples/dockerlist', 'latest');
    const child = (list.manifest as ImageIndex).manifests[0];
    const dockerChild = await client.getManifest('samples/dockerlist', child.digest);
    const manifestNode: ManifestNode = { kind: 'manifest', key: 'k', registry, repository: 'samples/dockerlist', label: 'x', descriptor: child };
    documents.push(await vscode.commands.executeCommand<vscode.TextDocument>('registryExplorer.editManifest', manifestNode));
    assert.ok(documents[4].uri.path.endsWith('.docker-manifest.json'), documents[4].uri.path);
    assert.equal(documents[4].getText(), dockerChild.bytes.toString('utf8'));
    // A broken twin proves the JSON language server has looked at this batch before we judge.
    const broken = await vscode.commands.executeCommand<vscode.TextDocument>('registryExplorer.newManifest', 'oci-index');
    const editor = await vscode.window.showTextDocument(broken);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, broken.lineCount, 0), '{"schemaVersion": 3, "manifests": []}'));
    await waitFor('diagnostics on the broken manifest', () => vscode.languages.getDiagnostics(broken.uri).length > 0 || undefined, 20_000);
    for (const document of documents) {
      await vscode.window.showTextDocument(document);
      const problems = vscode.languages.getDiagnostics(document.uri).map((d) => d.message);
      assert.deepEqual(problems, [], `${document.uri.path}: ${problems.join('; ')}`);
    }
  });
});
