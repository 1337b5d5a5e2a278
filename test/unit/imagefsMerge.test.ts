// The merged root filesystem: layers in order, whiteouts and opaque directories, a directory replaced
// by a file and the other way round, symlinks shown and followed inside the image only, hard links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { NotFoundError, RegistryError, UnsupportedError } from '../../src/registry/errors';
import { LayerStore } from '../../src/registry/imagefs/layerStore';
import { LAYER_CONCURRENCY, openImageFiles, type MergedImageFiles } from '../../src/registry/imagefs/imageFiles';
import type { LayerProgress } from '../../src/registry/imagefs/api';
import { craftTar, type CraftedEntry } from '../harness/craftedTar';
import { withCraftedImages } from '../harness/craftedImage';
import { memoryBlobs } from '../harness/memoryBlobs';

function withImage(layers: CraftedEntry[][], body: (files: MergedImageFiles) => Promise<void>): Promise<void> {
  return withCraftedImages([layers], ([files]) => body(files));
}

const listing = (files: MergedImageFiles): string[] => [...files.walk()].map((n) => `${n.path} ${n.type}@${n.layer}`);

test('layers apply in order; whiteouts and opaque directories hide only what lower layers added', () =>
  withImage([
    [{ name: 'etc/' }, { name: 'etc/a', content: 'a0' }, { name: 'etc/b', content: 'b0' }, { name: 'opt/' }, { name: 'opt/old', content: 'o' }, { name: 'var/x', content: 'x' }],
    [{ name: 'etc/a', content: 'a1' }, { name: 'etc/.wh.b', content: '' }, { name: 'opt/.wh..wh..opq', content: '' }, { name: 'opt/new', content: 'n' }, { name: 'var/.wh.x', content: '' }, { name: 'var/x', content: 'again' }],
  ], async (files) => {
    assert.deepEqual(listing(files), ['etc directory@0', 'etc/a file@1', 'opt directory@0', 'opt/new file@1', 'var directory@0', 'var/x file@1']);
    assert.equal((await files.readFile('etc/a')).toString(), 'a1');
    assert.equal((await files.readFile('/var/x')).toString(), 'again', 'a whiteout does not hide the same layer\'s entry');
    assert.equal(files.stat('etc/b'), undefined);
    assert.deepEqual(files.readDirectory('opt').map((n) => n.path), ['opt/new']);
  }));

test('a directory replaced by a file, and a file by a directory', () =>
  withImage([
    [{ name: 'was-dir/' }, { name: 'was-dir/inner', content: 'i' }, { name: 'was-file', content: 'f' }],
    [{ name: 'was-dir', content: 'now a file' }, { name: 'was-file/' }, { name: 'was-file/child', content: 'c' }],
  ], async (files) => {
    assert.deepEqual(listing(files), ['was-dir file@1', 'was-file directory@1', 'was-file/child file@1']);
    assert.equal((await files.readFile('was-dir')).toString(), 'now a file');
    assert.throws(() => files.readDirectory('was-dir'), NotFoundError);
  }));

test('symlinks are shown as such, followed inside the image only, and a loop is a clear error', () =>
  withImage([
    [
      { name: 'usr/lib/', mode: 0o755 }, { name: 'usr/lib/libc.so', content: 'libc' },
      { name: 'lib', type: '2', linkname: 'usr/lib' },
      { name: 'abs', type: '2', linkname: '/usr/lib/libc.so' },
      { name: 'up', type: '2', linkname: '../../../../usr/lib/libc.so' },
      { name: 'loop1', type: '2', linkname: 'loop2' }, { name: 'loop2', type: '2', linkname: 'loop1' },
      { name: 'dangling', type: '2', linkname: 'nowhere' },
    ],
    [{ name: 'lib/added', content: 'through the link' }],
  ], async (files) => {
    assert.deepEqual(files.stat('lib'), { path: 'lib', type: 'symlink', size: 0, mode: 0o644, uid: 0, gid: 0, mtime: 1700000000000, linkTarget: 'usr/lib', layer: 0 });
    assert.equal(files.stat('lib/libc.so')?.type, 'file', 'parents are followed, the last name is not');
    assert.deepEqual(files.readDirectory('lib').map((n) => n.path), ['lib/added', 'lib/libc.so']);
    assert.equal((await files.readFile('usr/lib/added')).toString(), 'through the link', 'a later layer writes through a symlinked parent');
    assert.equal((await files.readFile('abs')).toString(), 'libc', 'an absolute target starts at the image root');
    assert.equal((await files.readFile('up')).toString(), 'libc', '.. stops at the image root');
    await assert.rejects(files.readFile('loop1'), (e: unknown) => e instanceof RegistryError && /too many levels of symbolic links/.test(e.message));
    await assert.rejects(files.readFile('dangling'), NotFoundError);
    await assert.rejects(files.readFile('usr'), UnsupportedError);
  }));

test('hard links share their target\'s content, also across layers; hostile entries stay out of the tree', () =>
  withImage([
    [{ name: 'bin/busybox', content: 'BB', mode: 0o755 }, { name: 'bin/sh', type: '1', linkname: 'bin/busybox' }],
    [
      { name: 'bin/ls', type: '1', linkname: '/bin/busybox' }, { name: 'bin/broken', type: '1', linkname: 'bin/none' },
      { name: '../escape', content: 'no' }, { name: 'dev/null', type: '3' },
    ],
  ], async (files) => {
    const sh = files.stat('bin/sh');
    assert.deepEqual([sh?.type, sh?.size, sh?.mode, sh?.linkTarget], ['hardlink', 2, 0o755, 'bin/busybox']);
    assert.equal((await files.readFile('bin/ls')).toString(), 'BB');
    assert.equal(files.stat('bin/ls')?.contentDigest, files.stat('bin/busybox')?.contentDigest);
    assert.match(files.stat('bin/broken')?.warning ?? '', /not a file of the image/);
    await assert.rejects(files.readFile('bin/broken'), NotFoundError);
    assert.equal(files.stat('escape'), undefined);
    assert.equal(files.stat('dev/null')?.type, 'charDevice');
    await assert.rejects(files.readFile('dev/null'), UnsupportedError);
    assert.match(files.layers[1].entries.find((e) => e.path === 'escape')?.warning ?? '', /escapes the root/);
  }));

test('an index is refused with its platforms named', async () => {
  const blobs = memoryBlobs();
  const index = { schemaVersion: 2 as const, manifests: [{ mediaType: 'x/y', digest: `sha256:${'2'.repeat(64)}`, size: 1, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }] };
  await assert.rejects(
    openImageFiles(blobs.client, 'r', { bytes: Buffer.from('{}'), mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${'3'.repeat(64)}`, manifest: index }, new LayerStore({ directory: tmpdir(), maxBytes: 1 })),
    (e: unknown) => e instanceof UnsupportedError && /index of 1 manifests \(linux\/arm64\/v8\); pick one platform/.test(e.message),
  );
});

test('an image opens a few layers at once, merges them in manifest order, and counts the whole image in its progress', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crx-image-'));
  try {
    const blobs = memoryBlobs({ delayMs: 20 });
    const real = new LayerStore({ directory: join(dir, 'cache'), maxBytes: 1 << 30 });
    let running = 0;
    let most = 0;
    const store = {
      async layer(...args: Parameters<LayerStore['layer']>) {
        most = Math.max(most, ++running);
        try {
          return await real.layer(...args);
        } finally {
          running--;
        }
      },
    } as unknown as LayerStore;
    const layers = Array.from({ length: 6 }, (_, n) => blobs.add(craftTar([{ name: 'same.txt', content: `layer ${n}` }, { name: `only-${n}.txt`, content: 'x' }]), 'application/vnd.oci.image.layer.v1.tar'));
    const manifest = { schemaVersion: 2 as const, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'0'.repeat(64)}`, size: 2 }, layers, digest: `sha256:${'9'.repeat(64)}` };
    const progress: LayerProgress[] = [];
    const files = await openImageFiles(blobs.client, 'r', manifest, store, { onProgress: (p) => progress.push(p) });
    assert.equal(most, LAYER_CONCURRENCY);
    assert.equal(await text(await files.openFile('same.txt')), 'layer 5', 'the last layer of the manifest wins');
    assert.equal(files.stat('same.txt')?.layer, 5);
    const total = layers.reduce((sum, layer) => sum + layer.size, 0);
    assert.ok(progress.every((p) => p.total === total && p.layers === 6));
    assert.deepEqual(progress.at(-1), { transferred: total, total, layersReady: 6, layers: 6 });
    assert.ok(progress.every((p, i) => i === 0 || p.transferred >= progress[i - 1].transferred), 'the count never goes back');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
