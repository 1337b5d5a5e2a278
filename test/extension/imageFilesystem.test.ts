import * as assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FindResult } from '../../src/ui/imagefs/findInImage';
import type { ManifestNode, TagNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { recordingFolderAdds } from './folderAdds';
import { api, menuCommandsFor, useSeededRegistryAndFolder, walk } from './helpers';
import { BINARY_CONTENT, HELLO_V2, IMAGEFS_REPOSITORY, pushImagefsImages, SETTINGS_JSON } from './imagefsImages';

const names = async (uri: vscode.Uri) => (await vscode.workspace.fs.readDirectory(uri)).map(([name, type]) => `${name}${type === vscode.FileType.Directory ? '/' : ''}`).sort();

suite('Image filesystem: an image as a read-only folder', () => {
  const scratch = useSeededRegistryAndFolder('crx-ext-imagefs-');
  let root: vscode.Uri;
  let digests: { v1: string; v2: string };

  suiteSetup(async () => {
    digests = await pushImagefsImages();
    (await api()).refresh();
  });

  test('Open Image Filesystem on a tag row adds the merged image as a workspace folder, pinned to its digest', async () => {
    const tag = await walk(await api(), ['Seeded', IMAGEFS_REPOSITORY, 'v2']) as TagNode;
    const { result: uri, added } = await recordingFolderAdds(() => vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openImageFilesystem', tag, [tag]));
    assert.ok(uri, 'no folder opened');
    root = uri;
    assert.equal(root.scheme, 'oci-image');
    assert.match(root.path, new RegExp(`^/imagefs/app@${digests.v2}$`));
    assert.deepEqual(added.map((f) => [f.uri.toString(), f.name]), [[root.toString(), 'imagefs/app:v2']]);
    // v2 = layer 1 + a layer that changes hello.txt, whites out old.txt and adds new.txt (v1's layer 2 is not in it).
    assert.deepEqual(await names(root), ['app/', 'etc/']);
    assert.deepEqual(await names(vscode.Uri.joinPath(root, 'app')), ['data.bin', 'hello.txt', 'new.txt', 'run.sh']);
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, 'app/hello.txt'))).toString(), HELLO_V2);
    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, 'app/data.bin'))), BINARY_CONTENT);
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(root, 'app/hello.txt'));
    assert.equal(stat.type, vscode.FileType.File);
    assert.equal(stat.size, Buffer.byteLength(HELLO_V2));
    assert.equal(stat.permissions, vscode.FilePermission.Readonly);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(root, 'app/old.txt'))), /FileNotFound|EntryNotFound/);
  });

  test('a file opens read-only with its language; a binary file opens as a note of its size', async () => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(root, 'app/run.sh'));
    assert.equal(editor.document.languageId, 'shellscript');
    assert.equal(editor.document.getText(), '#!/bin/sh\necho run\n');
    assert.equal(vscode.workspace.fs.isWritableFileSystem('oci-image'), false);
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.equal(editor.document.isDirty, false);
    const explorer = await api();
    const layerRow = await walk(explorer, ['Seeded', IMAGEFS_REPOSITORY, 'v1', 'layer 1', 'app', 'data.bin']);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openLayerFile', layerRow);
    assert.ok(uri);
    const shown = vscode.window.activeTextEditor?.document;
    assert.ok(shown && shown.uri.scheme === 'registry-image', `opened ${shown?.uri.toString()}`);
    assert.match(shown.getText(), /^\/app\/data\.bin: binary, 256 bytes \(256 B\)\./);
  });

  test('writes are refused: write, create, delete and rename fail with NoPermissions and change nothing', async () => {
    const file = vscode.Uri.joinPath(root, 'app/hello.txt');
    const attempts: Array<[string, () => Thenable<unknown>]> = [
      ['writeFile', () => vscode.workspace.fs.writeFile(file, Buffer.from('changed'))],
      ['writeFile (new)', () => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, 'app/added.txt'), Buffer.from('x'))],
      ['createDirectory', () => vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(root, 'newdir'))],
      ['delete', () => vscode.workspace.fs.delete(file)],
      ['rename', () => vscode.workspace.fs.rename(file, vscode.Uri.joinPath(root, 'app/moved.txt'))],
    ];
    for (const [what, attempt] of attempts) {
      await assert.rejects(Promise.resolve(attempt()), (error: unknown) => {
        assert.ok(error instanceof vscode.FileSystemError, `${what}: ${String(error)}`);
        assert.match(`${error.code} ${error.message}`, /NoPermissions|read-?only/i, what);
        return true;
      }, what);
    }
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(file)).toString(), HELLO_V2);
    assert.deepEqual(await names(vscode.Uri.joinPath(root, 'app')), ['data.bin', 'hello.txt', 'new.txt', 'run.sh']);
  });

  test('Save File As… from a layer row and from a file of the image folder: written into the chosen folder, plain permissions', async () => {
    const explorer = await api();
    const runSh = await walk(explorer, ['Seeded', IMAGEFS_REPOSITORY, 'v1', 'layer 1', 'app', 'run.sh']);
    assert.ok(menuCommandsFor('layerEntry.file', /^2_transfer/).includes('registryExplorer.saveImageFile'));
    const { result: written } = await withDialogs([{ kind: 'openDialog', expect: /^Save \/app\/run\.sh to folder$/, answer: scratch.folder }],
      () => vscode.commands.executeCommand<string>('registryExplorer.saveImageFile', runSh));
    assert.equal(written, join(scratch.folder, 'run.sh'));
    assert.equal(await readFile(written, 'utf8'), '#!/bin/sh\necho run\n');
    assert.equal((await stat(written)).mode & 0o7777, 0o644);
    const { result: again, dialogs } = await withDialogs([
      { kind: 'openDialog', expect: /^Save \/app\/hello\.txt to folder$/, answer: scratch.folder },
    ], () => vscode.commands.executeCommand<string>('registryExplorer.saveImageFile', vscode.Uri.joinPath(root, 'app/hello.txt')));
    assert.equal(await readFile(again ?? '', 'utf8'), HELLO_V2, JSON.stringify(dialogs.asked));
    // Saving over a file asks first; Cancel leaves it.
    await withDialogs([
      { kind: 'openDialog', expect: /hello\.txt/, answer: scratch.folder },
      { kind: 'question', expect: /^hello\.txt already exists in .*\. Replace it\?$/, answer: undefined },
    ], () => vscode.commands.executeCommand<string>('registryExplorer.saveImageFile', vscode.Uri.joinPath(root, 'app/hello.txt')));
    assert.deepEqual((await readdir(scratch.folder)).sort(), ['hello.txt', 'run.sh']);
  });

  test('Open Image Filesystem on an index asks for the platform; that platform\'s files show', async () => {
    const tag = await walk(await api(), ['Seeded', 'samples/multiarch', 'latest']) as TagNode;
    const { result: { result: uri, added } } = await withDialogs([{ kind: 'quickPick', expect: /^Choose a platform of samples\/multiarch:latest$/, answer: 'linux/arm64/v8' }],
      () => recordingFolderAdds(() => vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openImageFilesystem', tag, [tag])));
    assert.ok(uri);
    const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(uri, 'app/hello.txt'))).toString();
    assert.equal(text, 'hello from samples/multiarch on linux/arm64/v8\n');
    assert.deepEqual(added.map((f) => f.name), ['samples/multiarch:latest (linux/arm64/v8)']);
  });

  test('Find in Image: a glob and a text; the result opens the file at its line', async () => {
    const tag = await walk(await api(), ['Seeded', IMAGEFS_REPOSITORY, 'v1']) as TagNode;
    const { result } = await withDialogs([
      { kind: 'input', expect: /^Find in imagefs\/app:v1 — Paths to search/, answer: '**/*.json' },
      { kind: 'input', expect: /^Find in imagefs\/app:v1 — Text to find/, answer: 'needle' },
      { kind: 'quickPick', expect: /^1 result in imagefs\/app:v1$/, answer: '/app/config/settings.json' },
    ], () => vscode.commands.executeCommand<FindResult>('registryExplorer.findInImage', tag));
    assert.ok(result?.opened);
    assert.deepEqual(result.found.map((f) => [f.node.path, f.line]), [['app/config/settings.json', 3]]);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), result.opened.toString());
    assert.equal(editor?.document.getText(), SETTINGS_JSON);
    assert.match(editor?.document.languageId ?? '', /^jsonc?$/);
    assert.equal(editor?.selection.active.line, 2);
  });

  test('Find in Image on an image folder (its Explorer menu) and from the palette; a glob alone lists paths', async () => {
    const { result } = await withDialogs([
      { kind: 'input', expect: /Paths to search/, answer: 'app/*.txt' },
      { kind: 'input', expect: /Text to find/, answer: '' },
      { kind: 'quickPick', expect: /^2 results in imagefs\/app@sha256:[0-9a-f]{64}$/, answer: undefined },
    ], () => vscode.commands.executeCommand<FindResult>('registryExplorer.findInImage', root));
    assert.deepEqual(result?.found.map((f) => f.node.path).sort(), ['app/hello.txt', 'app/new.txt']);
    const { result: fromPalette } = await withDialogs([
      { kind: 'quickPick', expect: /^Find in image: repository in Seeded/, answer: IMAGEFS_REPOSITORY },
      { kind: 'quickPick', expect: /^Find in image: tag of imagefs\/app$/, answer: 'v1' },
      { kind: 'input', expect: /Paths to search/, answer: '' },
      { kind: 'input', expect: /Text to find/, answer: 'hello from' },
      { kind: 'quickPick', expect: /^1 result in imagefs\/app:v1$/, answer: undefined },
    ], () => vscode.commands.executeCommand<FindResult>('registryExplorer.findInImage'));
    assert.deepEqual(fromPalette?.found.map((f) => [f.node.path, f.line]), [['app/hello.txt', 1]]);
    assert.match(fromPalette.found[0].preview ?? '', /hello from v1/);
  });

  test('Find in Image refuses a glob it cannot read ("[", "{a,b") in the input box and searches nothing', async () => {
    const tag = await walk(await api(), ['Seeded', IMAGEFS_REPOSITORY, 'v1']) as TagNode;
    for (const [glob, why] of [['[', /a "\[" is not closed by "\]"/], ['{a,b', /its opening and closing braces do not pair up/]] as const) {
      const { result, dialogs } = await withDialogs([
        { kind: 'input', expect: /Paths to search/, answer: glob },
      ], () => vscode.commands.executeCommand<FindResult>('registryExplorer.findInImage', tag));
      assert.equal(result, undefined, `searched for ${glob}`);
      assert.match(dialogs.asked[0].validation ?? '', new RegExp(`^"${glob.replace(/[[{]/g, '\\$&')}" is not a valid glob: ${why.source}$`));
      assert.deepEqual(dialogs.asked.map((a) => a.kind), ['input'], JSON.stringify(dialogs.asked));
    }
  });

  test('the palette opens a platform row\'s image too, and Clear Layer Cache frees the cached layers; files still read after', async () => {
    const platform = await walk(await api(), ['Seeded', 'samples/multiarch', 'latest', 'linux/amd64']) as ManifestNode;
    const { result: uri } = await recordingFolderAdds(() => vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openImageFilesystem', platform, [platform]));
    assert.ok(uri);
    const freed = await vscode.commands.executeCommand<number>('registryExplorer.clearLayerCache');
    assert.ok(typeof freed === 'number' && freed > 0, `freed ${freed}`);
    const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(uri, 'app/hello.txt'))).toString();
    assert.equal(text, 'hello from samples/multiarch on linux/amd64\n');
  });
});
