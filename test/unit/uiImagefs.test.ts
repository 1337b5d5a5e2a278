import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { FileNode, LayerEntry, LayerIndex } from '../../src/registry/imagefs/api';
import { imageUriParts, parseImageUri } from '../../src/ui/imagefs/imageUri';
import { LayerFiles } from '../../src/ui/imagefs/layerFiles';
import { modeText, rowDescription, rowLabel, rowTooltip } from '../../src/ui/imagefs/layerRowText';
import { LinkLoopError, resolvePath } from '../../src/ui/imagefs/paths';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

test('image URIs: host, repository with slashes, digest and path round-trip; anything else is not ours', () => {
  const location = { scheme: 'oci-image', host: '127.0.0.1:5000', repository: 'team/app/web', digest: DIGEST, path: 'usr/lib/os-release' } as const;
  const parts = imageUriParts(location);
  assert.deepEqual(parts, { scheme: 'oci-image', authority: '127.0.0.1:5000', path: `/team/app/web@${DIGEST}/usr/lib/os-release` });
  assert.deepEqual(parseImageUri(parts), location);
  assert.deepEqual(parseImageUri({ ...parts, path: `/team/app/web@${DIGEST}` }), { ...location, path: '' });
  assert.deepEqual(parseImageUri({ ...parts, path: `/team/app/web@${DIGEST}/` }), { ...location, path: '' });
  for (const path of [`/team/app@sha256:short/x`, '/team/app/x', `/@${DIGEST}/x`, `/app@${DIGEST}/../etc/passwd`, `/app@${DIGEST}/./x`]) {
    assert.equal(parseImageUri({ ...parts, path }), undefined, path);
  }
  assert.equal(parseImageUri({ ...parts, scheme: 'file' }), undefined);
});

test('image URIs of a local layout: no host, the folder (spaces, @ and % kept) before @digest; it names the repository', () => {
  const folder = '/tmp/images/hello layout@1 %41';
  const location = { scheme: 'oci-layer', host: `oci:${folder}`, repository: 'hello-layout-1-41', digest: DIGEST, path: 'app/a b.txt' } as const;
  const parts = imageUriParts(location);
  assert.deepEqual(parts, { scheme: 'oci-layer', authority: '', path: `${folder}@${DIGEST}/app/a b.txt` });
  assert.deepEqual(parseImageUri(parts), location);
  assert.deepEqual(parseImageUri({ ...parts, path: `${folder}@${DIGEST}` }), { ...location, path: '' });
  assert.deepEqual(parseImageUri({ ...parts, path: `/tmp/a@sha256:short/x@${DIGEST}/y` }), { ...location, host: 'oci:/tmp/a@sha256:short/x', repository: 'x', path: 'y' });
  for (const path of [`/tmp/x/y`, `/tmp/../x@${DIGEST}/y`, `/x@${DIGEST}/../y`, `@${DIGEST}/y`]) {
    assert.equal(parseImageUri({ ...parts, path }), undefined, path);
  }
});

function node(path: string, type: FileNode['type'], linkTarget?: string): FileNode {
  return { path, type, size: type === 'file' ? 3 : 0, mode: 0o644, uid: 0, gid: 0, layer: 0, linkTarget };
}

function tree(nodes: FileNode[]) {
  const byPath = new Map(nodes.map((n) => [n.path, n]));
  return { stat: (path: string) => byPath.get(path) };
}

test('paths resolve through symlinks inside the image: relative, absolute, via .., never above the root, loops stop', () => {
  const files = tree([
    node('usr', 'directory'), node('usr/bin', 'directory'), node('usr/bin/sh', 'file'), node('bin', 'symlink', 'usr/bin'),
    node('etc', 'directory'), node('etc/alt', 'symlink', '/usr/bin/sh'), node('etc/up', 'symlink', '../../../../usr/bin/sh'),
    node('loop1', 'symlink', 'loop2'), node('loop2', 'symlink', 'loop1'), node('dangling', 'symlink', 'nowhere'),
  ]);
  assert.equal(resolvePath(files, 'bin/sh')?.path, 'usr/bin/sh');
  assert.equal(resolvePath(files, 'etc/alt')?.path, 'usr/bin/sh');
  assert.equal(resolvePath(files, 'etc/up')?.path, 'usr/bin/sh');
  assert.equal(resolvePath(files, 'etc/alt', false)?.type, 'symlink');
  assert.equal(resolvePath(files, 'bin', false)?.path, 'bin');
  assert.equal(resolvePath(files, '')?.type, 'directory');
  assert.equal(resolvePath(files, 'dangling'), undefined);
  assert.equal(resolvePath(files, 'usr/missing/x'), undefined);
  assert.throws(() => resolvePath(files, 'loop1'), LinkLoopError);
});

function entry(path: string, type: LayerEntry['type'], extra: Partial<LayerEntry> = {}): LayerEntry {
  return { path, type, size: type === 'file' ? 5 : 0, mode: type === 'directory' ? 0o755 : 0o644, uid: 0, gid: 0, ...extra };
}

function layerOf(entries: LayerEntry[]): LayerIndex {
  return {
    digest: DIGEST, entries,
    readFile: async (path) => Buffer.from(`content of ${path}`),
    openFile: async () => { throw new Error('not used'); },
  };
}

test('a layer as a tree: implied directories, whiteouts listed beside files but not as files, hard links read their target', async () => {
  const files = new LayerFiles(layerOf([
    entry('app/data/a.txt', 'file'), entry('app', 'directory'), entry('app/.wh.old', 'file', { path: 'app/old', whiteout: 'file' }),
    entry('app/cache', 'directory', { whiteout: 'opaque' }), entry('app/link', 'hardlink', { linkTarget: 'app/data/a.txt' }),
  ]));
  assert.deepEqual(files.rowsUnder('').map((r) => r.path), ['app']);
  assert.ok(!('implied' in files.rowsUnder('')[0]), 'the listed directory replaces the implied one');
  assert.deepEqual(files.rowsUnder('app').map((r) => [r.path, 'implied' in r]), [['app/cache', true], ['app/data', true], ['app/link', false], ['app/old', false]]);
  assert.deepEqual(files.rowsUnder('app/cache').map(rowLabel), ['.wh..wh..opq']);
  assert.deepEqual(files.readDirectory('app').map((n) => n.path).sort(), ['app/data', 'app/link']);
  assert.equal(files.stat('app/old'), undefined);
  assert.equal((await files.readFile('app/link')).toString(), 'content of app/data/a.txt');
  assert.throws(() => files.readDirectory('app/data/a.txt'), /not a directory/);
});

test('layer rows say mode, owner, size, link target and whiteouts as ls would; control characters are replaced', () => {
  assert.equal(modeText('directory', 0o755), 'drwxr-xr-x');
  assert.equal(modeText('file', 0o4755), '-rwsr-xr-x');
  assert.equal(modeText('file', 0o2644), '-rw-r-Sr--');
  assert.equal(modeText('directory', 0o1777), 'drwxrwxrwt');
  assert.equal(rowDescription(entry('a/b', 'file', { size: 1234, uname: 'root', gname: 'wheel' })), '1.23 KB · -rw-r--r-- · root:wheel');
  assert.equal(rowDescription(entry('a/l', 'symlink', { linkTarget: '../x', mode: 0o777, uid: 1000, gid: 1000 })), '→ ../x · lrwxrwxrwx · 1000:1000');
  assert.equal(rowDescription(entry('a/old', 'file', { whiteout: 'file' })), 'whiteout: deletes /a/old of the layers below');
  assert.equal(rowDescription(entry('dev/x', 'charDevice', { warning: 'device file' })), 'crw-r--r-- · 0:0 · ⚠ device file');
  const hostile = entry('a/evil\nname\u202e', 'file', { rawName: '../../evil\nname' });
  assert.equal(rowLabel(hostile), 'evil\uFFFDname\uFFFD');
  const tooltip = rowTooltip(hostile).split('\n');
  assert.equal(tooltip[0], '/a/evil\uFFFDname\uFFFD');
  assert.equal(tooltip[1], 'Name in the tar: ../../evil\uFFFDname');
});
