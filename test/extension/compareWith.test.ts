import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ManifestNode, TagNode } from '../../src/ui/tree/nodes';
import type { Comparison } from '../../src/ui/imagefs/compareCommand';
import { withDialogs } from './dialogs';
import { api, menuCommandsFor, useSeededRegistryAndFolder, walk } from './helpers';
import { HELLO_V1, HELLO_V2, IMAGEFS_REPOSITORY, pushImagefsImages } from './imagefsImages';

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** The diff editors open now, as [original, modified, label]. */
function openDiffs(): Array<[string, string, string]> {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff)
    .map((tab) => { const input = tab.input as vscode.TabInputTextDiff; return [input.original.toString(), input.modified.toString(), tab.label]; });
}

suite('Compare With: manifests and configs side by side', () => {
  useSeededRegistryAndFolder('crx-ext-compare-');
  let digests: { v1: string; v2: string };
  suiteSetup(async () => {
    digests = await pushImagefsImages();
    (await api()).refresh();
  });
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('two selected tag rows: the manifest and the config diff editors open, each side with the exact bytes', async () => {
    const explorer = await api();
    const v1 = await walk(explorer, ['Seeded', IMAGEFS_REPOSITORY, 'v1']) as TagNode;
    const v2 = await walk(explorer, ['Seeded', IMAGEFS_REPOSITORY, 'v2']) as TagNode;
    const comparison = await vscode.commands.executeCommand<Comparison>('registryExplorer.compareWith', v1, [v1, v2]);
    assert.ok(comparison, 'nothing was compared');
    const [left, right] = await Promise.all(comparison.manifests.map((uri) => vscode.workspace.openTextDocument(uri)));
    assert.equal(sha256(left.getText()), digests.v1);
    assert.equal(sha256(right.getText()), digests.v2);
    const client = await explorer.clientFor(v1.registry);
    const configs = await Promise.all(comparison.configs.map((uri) => vscode.workspace.openTextDocument(uri)));
    for (const [i, tag] of (['v1', 'v2'] as const).entries()) {
      const manifest = JSON.parse((i === 0 ? left : right).getText()) as { config: { digest: string } };
      assert.equal(sha256(configs[i].getText()), manifest.config.digest);
      assert.match(configs[i].getText(), new RegExp(`"version": "${tag}"`));
      assert.equal((await client.getManifest(IMAGEFS_REPOSITORY, tag)).digest, digests[tag]);
    }
    const diffs = openDiffs();
    assert.deepEqual(diffs.map(([a, b]) => [a, b]).sort(), [comparison.manifests.map(String), comparison.configs.map(String)].sort());
    assert.ok(diffs.some(([, , label]) => label === 'imagefs/app:v1 ↔ imagefs/app:v2 (manifest)'), JSON.stringify(diffs));
    assert.ok(diffs.some(([, , label]) => label === 'imagefs/app:v1 ↔ imagefs/app:v2 (config)'), JSON.stringify(diffs));
  });

  test('the files are compared too: added, removed and changed paths with sizes; a changed file opens in the diff editor', async () => {
    const explorer = await api();
    const v1 = await walk(explorer, ['Seeded', IMAGEFS_REPOSITORY, 'v1']) as TagNode;
    const v2 = await walk(explorer, ['Seeded', IMAGEFS_REPOSITORY, 'v2']) as TagNode;
    const comparison = await vscode.commands.executeCommand<Comparison>('registryExplorer.compareWith', v1, [v1, v2]);
    const files = comparison?.files;
    assert.ok(files, 'the files were not compared');
    const byPath = new Map(files.changes.map((c) => [c.path, c]));
    assert.equal(byPath.get('app/new.txt')?.kind, 'added');
    assert.equal(byPath.get('app/old.txt')?.kind, 'removed');
    assert.equal(byPath.get('app/config/settings.json')?.kind ?? byPath.get('app/config')?.kind, 'removed');
    const hello = byPath.get('app/hello.txt');
    assert.ok(hello?.kind === 'changed', JSON.stringify(hello));
    assert.deepEqual([hello.before.size, hello.after.size], [Buffer.byteLength(HELLO_V1), Buffer.byteLength(HELLO_V2)]);
    const others = files.changes.map((c) => c.path).filter((p) => !['app/new.txt', 'app/old.txt', 'app/hello.txt'].includes(p));
    assert.ok(others.every((p) => p.startsWith('app/config')), `unexpected changes: ${others.join(', ')}`);
    for (const unchanged of ['app/run.sh', 'app/data.bin', 'etc/os-release']) assert.ok(!byPath.has(unchanged), unchanged);

    const sides = await vscode.commands.executeCommand<vscode.Uri[]>('registryExplorer.openImageChange', { change: hello, comparison: files });
    assert.equal(sides?.length, 2);
    const texts = await Promise.all(sides.map(async (uri) => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString()));
    assert.deepEqual(texts, [HELLO_V1, HELLO_V2]);
    assert.ok(openDiffs().some(([a, b, label]) => a === sides[0].toString() && b === sides[1].toString() && label === '/app/hello.txt (imagefs/app:v1 ↔ imagefs/app:v2)'), JSON.stringify(openDiffs()));
    const added = await vscode.commands.executeCommand<vscode.Uri[]>('registryExplorer.openImageChange', { change: byPath.get('app/new.txt'), comparison: files });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), added?.[0].toString());
    assert.equal(vscode.window.activeTextEditor?.document.getText(), 'added in v2\n');
  });

  test('from a platform row: the other side is picked among the tags of its repository', async () => {
    const explorer = await api();
    const amd64 = await walk(explorer, ['Seeded', 'samples/multiarch', 'latest', 'linux/amd64']) as ManifestNode;
    const { result: comparison } = await withDialogs([
      { kind: 'quickPick', expect: /^Compare samples\/multiarch@[0-9a-f]{12} \(linux\/amd64\) with…/, answer: /Another tag, repository or registry/ },
      { kind: 'quickPick', expect: /^Compare samples\/multiarch@[0-9a-f]{12} \(linux\/amd64\) with…: repository in Seeded/, answer: 'samples/hello' },
      { kind: 'quickPick', expect: /: tag of samples\/hello$/, answer: '1.0' },
    ], () => vscode.commands.executeCommand<Comparison>('registryExplorer.compareWith', amd64, [amd64]));
    assert.ok(comparison);
    const right = await vscode.workspace.openTextDocument(comparison.manifests[1]);
    assert.equal(sha256(right.getText()), (await (await explorer.clientFor(amd64.registry)).getManifest('samples/hello', '1.0')).digest);
    assert.ok(openDiffs().some(([, , label]) => /^samples\/multiarch@[0-9a-f]{12} \(linux\/amd64\) ↔ samples\/hello:1\.0 \(config\)$/.test(label)));
  });

  test('from the palette: repository, tag, then the other tag; an index asks for its platform', async () => {
    const { result: comparison, dialogs } = await withDialogs([
      { kind: 'quickPick', expect: /^Compare with: repository in Seeded/, answer: 'samples/multiarch' },
      { kind: 'quickPick', expect: /^Compare with: tag of samples\/multiarch$/, answer: 'latest' },
      { kind: 'quickPick', expect: /^Compare samples\/multiarch:latest with…/, answer: /Another tag/ },
      { kind: 'quickPick', expect: /: repository in Seeded/, answer: IMAGEFS_REPOSITORY },
      { kind: 'quickPick', expect: /: tag of imagefs\/app$/, answer: 'v2' },
      { kind: 'quickPick', expect: /^Choose a platform of samples\/multiarch:latest$/, answer: 'linux/arm64/v8' },
    ], () => vscode.commands.executeCommand<Comparison>('registryExplorer.compareWith'));
    assert.ok(comparison, JSON.stringify(dialogs.asked));
    assert.ok(openDiffs().some(([, , label]) => label === 'samples/multiarch:latest (linux/arm64/v8) ↔ imagefs/app:v2 (manifest)'), JSON.stringify(openDiffs()));
  });

  test('three selected rows: a warning, nothing opened', async () => {
    const explorer = await api();
    const rows = await Promise.all(['v1', 'v2'].map((t) => walk(explorer, ['Seeded', IMAGEFS_REPOSITORY, t])));
    const hello = await walk(explorer, ['Seeded', 'samples/hello', '1.0']);
    const { result, dialogs } = await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.compareWith', rows[0], [...rows, hello]));
    assert.equal(result, undefined);
    assert.deepEqual(dialogs.messages('warning'), ['Select one or two tags or platforms to compare, not 3.']);
    assert.deepEqual(openDiffs(), []);
  });

  test('the context menu offers Compare With on tag and platform rows only', () => {
    for (const row of ['tag', 'manifest']) assert.ok(menuCommandsFor(row, /^1_open/).includes('registryExplorer.compareWith'), row);
    for (const row of ['blob.layer', 'blob.config', 'repository', 'registry']) assert.ok(!menuCommandsFor(row, /./).includes('registryExplorer.compareWith'), row);
  });
});
