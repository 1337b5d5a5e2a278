import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ManifestNode, TagNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { api, pushVariantOfHello, seededClient, useSeededRegistryAndFolder, walk } from './helpers';

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const REPOSITORY = 'samples/hello';

suite('Safe push and delete: defaults and what goes', () => {
  useSeededRegistryAndFolder('crx-safe-');

  test('Push after Edit preselects the source repository and tag, and asks before moving a tag, naming both digests', async () => {
    const original = await pushVariantOfHello('\n', ['safe-edit']);
    const tag = await walk(await api(), ['Seeded', REPOSITORY, 'safe-edit']) as TagNode;
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('registryExplorer.editManifest', tag, [tag]);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.insert(document.positionAt(document.getText().length), ' '));
    const edited = sha256(document.getText());
    const question = { kind: 'question' as const, expect: /^samples\/hello:safe-edit already points at another manifest\. Move the tag\?$/ };
    const pickAndType = [
      { kind: 'quickPick' as const, expect: /to repository: repository in Seeded/, answer: REPOSITORY },
      { kind: 'input' as const, expect: /^Push to samples\/hello — Tag/, answer: 'safe-edit' },
    ];

    const refused = await withDialogs([...pickAndType, { ...question, answer: 'Cancel' }],
      () => vscode.commands.executeCommand<string>('registryExplorer.pushManifest', document.uri));
    assert.equal(refused.result, undefined);
    const [picker, tagBox, asked] = refused.dialogs.asked;
    assert.equal(picker.initial, REPOSITORY, 'the picker highlights the repository the manifest came from');
    assert.equal(tagBox.initial, 'safe-edit', 'the tag box holds the original tag');
    assert.equal(asked.choices?.[0], 'Cancel', 'Cancel is the default button');
    assert.match(asked.detail ?? '', new RegExp(`Current: ${original}\\nNew: ${edited}`));
    const client = await seededClient();
    assert.equal((await client.getManifest(REPOSITORY, 'safe-edit')).digest, original, 'a cancelled push moves nothing');

    const moved = await withDialogs([...pickAndType, { ...question, answer: 'Move Tag' }],
      () => vscode.commands.executeCommand<string>('registryExplorer.pushManifest', document.uri));
    assert.equal(moved.result, edited);
    assert.equal((await client.getManifest(REPOSITORY, 'safe-edit')).digest, edited);
    await client.deleteManifest(REPOSITORY, edited);
    await client.deleteManifest(REPOSITORY, original);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('pushing to a tag that already points at the same manifest asks nothing', async () => {
    const digest = await pushVariantOfHello('\n\n', ['safe-same']);
    const client = await seededClient();
    const text = (await client.getManifest(REPOSITORY, 'safe-same')).bytes.toString('utf8');
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: text });
    const { result } = await withDialogs([
      { kind: 'quickPick', expect: /to repository: repository in Seeded/, answer: REPOSITORY },
      { kind: 'input', expect: /^Push to samples\/hello — Tag/, answer: 'safe-same' },
    ], () => vscode.commands.executeCommand<string>('registryExplorer.pushManifest', document.uri));
    assert.equal(result, digest);
    await client.deleteManifest(REPOSITORY, digest);
  });

  test('Delete Tag where tags cannot go alone, and Delete Manifest, name every tag that goes, with Cancel as default', async () => {
    const digest = await pushVariantOfHello('\n\n\n', ['dt-1', 'dt-2', 'dt-3']);
    const tag = await walk(await api(), ['Seeded', REPOSITORY, 'dt-2']) as TagNode;
    const kept = await withDialogs([
      { kind: 'question', expect: /^Delete tag .*:dt-2\?$/, answer: 'Delete' },
      { kind: 'question', expect: new RegExp(`^This registry cannot delete the tag dt-2 alone\\. Delete manifest ${digest} instead\\?$`), answer: 'Cancel' },
    ], () => vscode.commands.executeCommand('registryExplorer.deleteTag', tag, [tag]));
    assert.equal(kept.result, false);
    for (const question of kept.dialogs.asked) assert.equal(question.choices?.[0], 'Cancel', `default of "${question.text}"`);
    assert.match(kept.dialogs.asked[1].detail ?? '', /Going with it: tags dt-1, dt-2 and dt-3\.$/);
    const client = await seededClient();
    assert.equal((await client.getManifest(REPOSITORY, 'dt-1')).digest, digest, 'Cancel deleted nothing');

    const node: ManifestNode = { kind: 'manifest', key: `${tag.key}/m`, registry: tag.registry, repository: REPOSITORY, label: digest, descriptor: { digest, mediaType: '', size: 0 } };
    const deleted = await withDialogs([{ kind: 'question', expect: new RegExp(`^Delete manifest .*@${digest}\\?$`), answer: 'Delete' }],
      () => vscode.commands.executeCommand('registryExplorer.deleteManifest', node, [node]));
    assert.equal(deleted.result, true);
    assert.equal(deleted.dialogs.asked[0].choices?.[0], 'Cancel');
    assert.equal(deleted.dialogs.asked[0].detail, 'The manifest goes with tags dt-1, dt-2 and dt-3. This cannot be undone.');
    for (const name of ['dt-1', 'dt-2', 'dt-3']) await assert.rejects(client.getManifest(REPOSITORY, name));
  });
});
