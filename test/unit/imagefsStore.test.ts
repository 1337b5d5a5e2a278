// The layer store: decoders chosen by media type and checked by magic bytes, one download shared by
// concurrent callers, the cache reused across stores, nothing left behind by a cancel or a failure,
// the expansion cap and the size-bounded LRU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { AbortedError, RegistryError, TooLargeError, UnsupportedError } from '../../src/registry/errors';
import { LayerStore } from '../../src/registry/imagefs/layerStore';
import { craftTar } from '../harness/craftedTar';
import { memoryBlobs } from '../harness/memoryBlobs';

const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';
const PLAIN = 'application/vnd.oci.image.layer.v1.tar';
const DOCKER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

async function withStore(body: (store: LayerStore, dir: string) => Promise<void>, options: { maxBytes?: number; maxExpandedBytes?: number } = {}): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-layers-'));
  try {
    await body(new LayerStore({ directory: dir, maxBytes: options.maxBytes ?? 1 << 30, maxExpandedBytes: options.maxExpandedBytes }), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const TAR = craftTar([{ name: 'etc/' }, { name: 'etc/motd', content: 'hello layer\n' }, { name: 'bin/sh', content: Buffer.alloc(3000, 7) }]);
const zstd = (zlib as unknown as { zstdCompressSync?: (data: Buffer) => Buffer }).zstdCompressSync;

test('gzip, zstd and plain tar layers are indexed and read back', () =>
  withStore(async (store) => {
    const blobs = memoryBlobs();
    const layers = [blobs.add(zlib.gzipSync(TAR), GZIP), blobs.add(TAR, PLAIN), blobs.add(zlib.gzipSync(TAR), DOCKER_GZIP)];
    if (zstd) layers.push(blobs.add(zstd(TAR), ZSTD));
    else assert.fail(`this Node (${process.versions.node}) has no zstd; the tiers run on Node 24`);
    for (const descriptor of layers) {
      const layer = await store.layer(blobs.client, 'r', descriptor);
      assert.deepEqual(layer.entries.map((e) => e.path), ['etc', 'etc/motd', 'bin/sh'], descriptor.mediaType);
      assert.equal((await layer.readFile('etc/motd')).toString(), 'hello layer\n');
      assert.deepEqual(await layer.readFile('bin/sh'), Buffer.alloc(3000, 7));
    }
  }));

test('bytes that do not match the media type, foreign and unknown types are refused clearly', () =>
  withStore(async (store, dir) => {
    const blobs = memoryBlobs();
    await assert.rejects(store.layer(blobs.client, 'r', blobs.add(TAR, GZIP)), (e: unknown) =>
      e instanceof RegistryError && /says gzip, but its bytes are neither gzip nor zstd/.test(e.message));
    await assert.rejects(store.layer(blobs.client, 'r', blobs.add(zlib.gzipSync(TAR), PLAIN)), /says an uncompressed tar, but its bytes are gzip/);
    if (zstd) await assert.rejects(store.layer(blobs.client, 'r', blobs.add(zstd(TAR), GZIP)), /says gzip, but its bytes are zstd/);
    await assert.rejects(store.layer(blobs.client, 'r', blobs.add(TAR, 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip')), (e: unknown) =>
      e instanceof UnsupportedError && /foreign \(non-distributable\)/.test(e.message));
    await assert.rejects(store.layer(blobs.client, 'r', blobs.add(TAR, 'application/vnd.cncf.helm.chart.content.v1.tar+gzip')), (e: unknown) =>
      e instanceof UnsupportedError && /vnd\.cncf\.helm\.chart/.test(e.message));
    assert.equal(blobs.requests, zstd ? 3 : 2, 'unsupported types are refused before any download');
    assert.deepEqual(await readdir(dir), [], 'no failed download leaves anything');
  }));

test('concurrent requests share one download; a second store on the same folder downloads nothing; a cleared cache downloads again', () =>
  withStore(async (store, dir) => {
    const blobs = memoryBlobs({ chunkSize: 512, delayMs: 1 });
    const descriptor = blobs.add(zlib.gzipSync(TAR), GZIP);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => store.layer(blobs.client, 'r', descriptor)));
    assert.equal(blobs.requests, 1);
    assert.deepEqual([a.entries.length, b.entries.length, c.entries.length], [3, 3, 3]);
    const again = new LayerStore({ directory: dir, maxBytes: 1 << 30 });
    assert.equal((await (await again.layer(blobs.client, 'r', descriptor)).readFile('etc/motd')).toString(), 'hello layer\n');
    assert.equal(blobs.requests, 1);
    assert.ok((await again.size()) > TAR.length, 'the uncompressed tar and its index are kept');
    await again.clear();
    assert.equal(await again.size(), 0);
    assert.equal((await again.layer(blobs.client, 'r', descriptor)).entries.length, 3);
    assert.equal(blobs.requests, 2, 'an index remembered in memory is not used once its folder is gone');
    await rm(join(dir, descriptor.digest.replace(':', '-')), { recursive: true });
    await store.layer(blobs.client, 'r', descriptor);
    assert.equal(blobs.requests, 3);
  }));

test('a cancel mid-download rejects with AbortedError and leaves no cache entry; one caller cancelling does not stop the others', () =>
  withStore(async (store, dir) => {
    const big = craftTar([{ name: 'big', content: Buffer.alloc(400 * 1024, 3) }]);
    const blobs = memoryBlobs({ chunkSize: 4096, delayMs: 2 });
    const descriptor = blobs.add(big, PLAIN);
    const alone = new AbortController();
    const lone = store.layer(blobs.client, 'r', descriptor, { signal: alone.signal, onProgress: (p) => p.transferred > 20000 && alone.abort() });
    await assert.rejects(lone, AbortedError);
    assert.deepEqual(await readdir(dir), [], 'nothing half-written stays');

    const first = new AbortController();
    const cancelled = store.layer(blobs.client, 'r', descriptor, { signal: first.signal });
    const kept = store.layer(blobs.client, 'r', descriptor);
    setTimeout(() => first.abort(), 20);
    await assert.rejects(cancelled, AbortedError);
    assert.deepEqual(await (await kept).readFile('big'), Buffer.alloc(400 * 1024, 3));
    assert.equal(blobs.requests, 2);
  }));

test('a layer expanding past the cap fails with TooLargeError and keeps nothing', () =>
  withStore(async (store, dir) => {
    const bomb = zlib.gzipSync(craftTar([{ name: 'zeros', content: Buffer.alloc(8 * 1024 * 1024) }]));
    const blobs = memoryBlobs();
    await assert.rejects(store.layer(blobs.client, 'r', blobs.add(bomb, GZIP)), (e: unknown) =>
      e instanceof TooLargeError && /expands to more than 1\.05 MB/.test(e.message));
    assert.deepEqual(await readdir(dir), []);
  }, { maxExpandedBytes: 1024 * 1024 }));

test('the least recently used layers go once the cache is above its size; a damaged entry is downloaded again', () =>
  withStore(async (store, dir) => {
    const blobs = memoryBlobs();
    const make = (n: number) => blobs.add(craftTar([{ name: `f${n}`, content: Buffer.alloc(40 * 1024, n) }]), PLAIN);
    const [one, two, three] = [make(1), make(2), make(3)];
    await store.layer(blobs.client, 'r', one);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.layer(blobs.client, 'r', two);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.layer(blobs.client, 'r', one);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.layer(blobs.client, 'r', three);
    const kept = (await readdir(dir)).sort();
    assert.deepEqual(kept, [one, three].map((d) => d.digest.replace(':', '-')).sort(), 'the layer used longest ago went');
    assert.ok((await store.size()) <= 100 * 1024);

    await writeFile(join(dir, one.digest.replace(':', '-'), 'index.json'), '{ damaged');
    const before = blobs.requests;
    const later = new LayerStore({ directory: dir, maxBytes: 100 * 1024 });
    assert.deepEqual(await (await later.layer(blobs.client, 'r', one)).readFile('f1'), Buffer.alloc(40 * 1024, 1));
    assert.equal(blobs.requests, before + 1);
  }, { maxBytes: 100 * 1024 }));
