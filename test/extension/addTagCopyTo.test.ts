import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ImageManifest, RegistryService } from '../../src/registry/types';
import type { RegistryNode, TagNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { addRegistryByDialogs, api, basicRegistry, labelOf, nameRegistry, useSeededRegistryAndFolder, walk } from './helpers';

/** A copy of samples/hello:1.0 made here, so the seeded repositories other suites read stay as they are. */
const HELLO = 'scratch/hello';
const sha256 = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function clientOf(name: string): Promise<RegistryService> {
  const explorer = await api();
  return explorer.clientFor((await walk(explorer, [name]) as RegistryNode).registry);
}

async function tagRow(labels: string[]): Promise<TagNode> {
  const explorer = await api();
  explorer.refresh();
  return await walk(explorer, labels) as TagNode;
}

/** Puts samples/hello:1.0 into HELLO: blobs mounted, the exact manifest bytes. */
async function makeScratch(): Promise<void> {
  const client = await clientOf('Seeded');
  const source = await client.getManifest('samples/hello', '1.0');
  const image = source.manifest as ImageManifest;
  for (const blob of [image.config, ...image.layers]) assert.ok(await client.mountBlob(HELLO, blob.digest, 'samples/hello'));
  await client.putManifest(HELLO, source.bytes, { reference: '1.0', mediaType: source.mediaType });
}

/** 1.0's manifest with trailing white space: another digest, same content. */
async function pushVariant(tag: string): Promise<string> {
  const client = await clientOf('Seeded');
  const source = await client.getManifest(HELLO, '1.0');
  const bytes = Buffer.concat([source.bytes, Buffer.from('\n')]);
  await client.putManifest(HELLO, bytes, { reference: tag, mediaType: source.mediaType });
  return sha256(bytes);
}

const moveQuestion = (repository: string, tag: string, answer: string) => ({
  kind: 'question' as const, expect: new RegExp(`^${repository}:${tag} already points at another manifest\\. Move the tag\\?$`), answer,
});

suite('Add Tag and Copy to', () => {
  useSeededRegistryAndFolder('crx-copy-');
  suiteSetup(makeScratch);

  test('Add Tag on a tag row puts the same manifest bytes under the new tag; the input refuses a malformed tag', async () => {
    const row = await tagRow(['Seeded', HELLO, '1.0']);
    const client = await clientOf('Seeded');
    const original = await client.getManifest(HELLO, '1.0');
    const refused = await withDialogs([{ kind: 'input', expect: /^Add a tag to scratch\/hello@sha256:[0-9a-f]{12} — New tag/, answer: 'bad tag!' }],
      () => vscode.commands.executeCommand('registryExplorer.addTag', row, [row]));
    assert.equal(refused.result, undefined);
    assert.match(refused.dialogs.asked[0].validation ?? '', /invalid tag/);
    const added = await withDialogs([{ kind: 'input', expect: /^Add a tag to scratch\/hello@/, answer: 'added-1' }],
      () => vscode.commands.executeCommand<string>('registryExplorer.addTag', row, [row]));
    assert.equal(added.result, original.digest);
    assert.ok((await client.getManifest(HELLO, 'added-1')).bytes.equals(original.bytes));
    const explorer = await api();
    const tags = await explorer.children(await walk(explorer, ['Seeded', HELLO]));
    assert.ok(tags.some((n) => labelOf(n) === 'added-1'), 'the repository was refreshed');
  });

  test('Add Tag onto a tag on another manifest asks with both digests, Cancel first; only Move Tag moves it', async () => {
    const variant = await pushVariant('moving');
    const row = await tagRow(['Seeded', HELLO, '1.0']);
    const client = await clientOf('Seeded');
    const original = (await client.getManifest(HELLO, '1.0')).digest;
    const kept = await withDialogs([{ kind: 'input', expect: /^Add a tag/, answer: 'moving' }, moveQuestion(HELLO, 'moving', 'Cancel')],
      () => vscode.commands.executeCommand('registryExplorer.addTag', row, [row]));
    assert.equal(kept.result, undefined);
    const question = kept.dialogs.asked[1];
    assert.equal(question.choices?.[0], 'Cancel', 'Cancel is the default button');
    assert.equal(question.detail, `Current: ${variant}\nNew: ${original}\nThe current manifest stays, reachable by its digest.`);
    assert.equal((await client.getManifest(HELLO, 'moving')).digest, variant, 'Cancel changed nothing');
    const moved = await withDialogs([{ kind: 'input', expect: /^Add a tag/, answer: 'moving' }, moveQuestion(HELLO, 'moving', 'Move Tag')],
      () => vscode.commands.executeCommand('registryExplorer.addTag', row, [row]));
    assert.equal(moved.result, original);
    assert.equal((await client.getManifest(HELLO, 'moving')).digest, original);
    await client.deleteManifest(HELLO, variant);
  });

  test('Add Tag from the palette asks for repository and tag first', async () => {
    const client = await clientOf('Seeded');
    const { result } = await withDialogs([
      { kind: 'quickPick', expect: /^Add tag: repository in Seeded/, answer: HELLO },
      { kind: 'quickPick', expect: /^Add tag: tag of scratch\/hello/, answer: '1.0' },
      { kind: 'input', expect: /^Add a tag to scratch\/hello@/, answer: 'from-palette' },
    ], () => vscode.commands.executeCommand<string>('registryExplorer.addTag'));
    assert.equal(result, (await client.getManifest(HELLO, '1.0')).digest);
    assert.equal((await client.getManifest(HELLO, 'from-palette')).digest, result);
  });

  test('Copy to within one registry defaults to the source repository and tag, and asks before moving a tag', async () => {
    const row = await tagRow(['Seeded', 'samples/multiarch', 'latest']);
    const client = await clientOf('Seeded');
    const index = await client.getManifest('samples/multiarch', 'latest');
    const steps = (repository: string, tag: string) => [
      { kind: 'quickPick' as const, expect: /^Copy samples\/multiarch:latest to: repository in Seeded/, answer: repository },
      { kind: 'input' as const, expect: new RegExp(`^Copy samples/multiarch:latest to ${repository} — Tag`), answer: tag },
      { kind: 'quickPick' as const, expect: /^Copy samples\/multiarch:latest to /, answer: 'Copy the image only' },
    ];
    const first = await withDialogs(steps('scratch/copy', 'x'), () => vscode.commands.executeCommand<string>('registryExplorer.copyTo', row, [row]));
    assert.equal(first.result, index.digest);
    assert.equal(first.dialogs.asked[0].initial, 'samples/multiarch', 'the repository picker starts at the source name');
    assert.equal(first.dialogs.asked[1].initial, 'latest', 'the tag box holds the source tag');
    assert.ok((await client.getManifest('scratch/copy', 'x')).bytes.equals(index.bytes));

    const hello = await tagRow(['Seeded', HELLO, '1.0']);
    const helloSteps = [
      { kind: 'quickPick' as const, expect: /^Copy scratch\/hello:1\.0 to: repository/, answer: 'scratch/copy' },
      { kind: 'input' as const, expect: /^Copy scratch\/hello:1\.0 to scratch\/copy — Tag/, answer: 'x' },
      { kind: 'quickPick' as const, expect: /^Copy scratch\/hello:1\.0 to /, answer: 'Copy the image only' },
    ];
    const kept = await withDialogs([...helloSteps, moveQuestion('scratch/copy', 'x', 'Cancel')],
      () => vscode.commands.executeCommand('registryExplorer.copyTo', hello, [hello]));
    assert.equal(kept.result, undefined);
    assert.equal(kept.dialogs.asked[3].choices?.[0], 'Cancel');
    assert.match(kept.dialogs.asked[3].detail ?? '', new RegExp(`^Current: ${index.digest}\\nNew: sha256:`));
    assert.equal((await client.getManifest('scratch/copy', 'x')).digest, index.digest, 'Cancel moved nothing');
    const moved = await withDialogs([...helloSteps, moveQuestion('scratch/copy', 'x', 'Move Tag')],
      () => vscode.commands.executeCommand<string>('registryExplorer.copyTo', hello, [hello]));
    assert.equal((await client.getManifest('scratch/copy', 'x')).digest, moved.result);
  });

  test('Copy to with several rows selected copies each under its own tag, asking for the repository once', async () => {
    const variant = await pushVariant('multi-b');
    const first = await tagRow(['Seeded', HELLO, '1.0']);
    const second = await tagRow(['Seeded', HELLO, 'multi-b']);
    const client = await clientOf('Seeded');
    const { result } = await withDialogs([
      { kind: 'quickPick', expect: /^Copy 2 images to: repository in Seeded/, answer: 'scratch/several' },
      { kind: 'quickPick', expect: /^Copy 2 images to scratch\/several$/, answer: 'Copy the image only' },
    ], () => vscode.commands.executeCommand<string[]>('registryExplorer.copyTo', second, [first, second]));
    const original = (await client.getManifest(HELLO, '1.0')).digest;
    assert.deepEqual(result, [original, variant]);
    assert.equal((await client.getManifest('scratch/several', '1.0')).digest, original);
    assert.equal((await client.getManifest('scratch/several', 'multi-b')).digest, variant);
  });

  test('Copy to another registry with its own sign-in copies the image, its blobs and its referrers', async () => {
    const basic = basicRegistry();
    await addRegistryByDialogs(basic.url, { username: basic.username, secret: basic.password });
    await nameRegistry(basic.url, 'Basic');
    const seeded = await clientOf('Seeded');
    // A referrer of scratch/hello:1.0 in its own repository (kept current in the referrers tag by the client).
    const subject = await seeded.getManifest(HELLO, '1.0');
    const payload = Buffer.from('{"sbom":"copy test"}');
    const empty = Buffer.from('{}');
    for (const blob of [payload, empty]) await seeded.uploadBlob(HELLO, blob);
    const artifact = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: 'application/vnd.example.sbom.v1+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(empty), size: empty.length },
      layers: [{ mediaType: 'application/vnd.example.sbom.layer', digest: sha256(payload), size: payload.length }],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.bytes.length },
    }));
    await seeded.putManifest(HELLO, artifact);

    const row = await tagRow(['Seeded', HELLO, '1.0']);
    const { result, dialogs } = await withDialogs([
      { kind: 'quickPick', expect: /^Copy scratch\/hello:1\.0 to registry/, answer: 'Basic' },
      { kind: 'quickPick', expect: /^Copy scratch\/hello:1\.0 to: repository in Basic/, answer: 'copies/hello' },
      { kind: 'input', expect: /^Copy scratch\/hello:1\.0 to copies\/hello — Tag/, answer: '1.0' },
      { kind: 'quickPick', expect: /^Copy scratch\/hello:1\.0 to copies\/hello/, answer: 'Copy with its referrers' },
    ], () => vscode.commands.executeCommand<string>('registryExplorer.copyTo', row, [row]));
    assert.equal(result, subject.digest, JSON.stringify(dialogs.asked));
    const copied = await clientOf('Basic');
    assert.ok((await copied.getManifest('copies/hello', '1.0')).bytes.equals(subject.bytes));
    const referrers = await copied.listReferrers('copies/hello', subject.digest);
    assert.deepEqual(referrers.map((d) => d.digest), [sha256(artifact)]);
    assert.ok(await copied.blobExists('copies/hello', sha256(payload)));
  });
});
