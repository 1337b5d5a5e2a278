// The image filesystem against real tools: an image built with umoci (files changed and deleted, so
// umoci writes whiteouts; directories replaced; symlinks; hard links), pushed with skopeo to a real
// docker-registry. `umoci unpack` of the same image is the oracle for the merged filesystem, and
// `tar --list --verbose` of each blob (downloaded by skopeo) for the layer listings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { AbortedError, TooLargeError } from '../../src/registry/errors';
import type { ImageManifest } from '../../src/registry/types';
import { LayerStore } from '../../src/registry/imagefs/layerStore';
import { openImageFiles } from '../../src/registry/imagefs/imageFiles';
import type { LayerEntry } from '../../src/registry/imagefs/api';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { runCommand } from '../harness/runCommand';
import { dockerTransport, skopeoCopy, skopeoCopyToDir } from '../harness/skopeo';
import { startCountingProxy } from '../harness/countingProxy';
import { buildLayeredImage, LAYERED_TAG, snapshotTree } from '../harness/umociImage';
import { pushCraftedImage } from '../harness/craftedPush';
import { craftTar } from '../harness/craftedTar';
import { deterministicBytes } from '../harness/fixtures';
import { gzipSync } from 'node:zlib';

let registry: RunningRegistry;
let work: string;
let layout: string;
const REPO = 'imagefs/layered';

before(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'crx-imagefs-'));
  layout = await buildLayeredImage(work);
  await skopeoCopy(`oci:${layout}:${LAYERED_TAG}`, dockerTransport(registry.host, `${REPO}:${LAYERED_TAG}`), { dest: { host: registry.host, tlsVerify: false } });
});

after(async () => {
  await registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const client = (host = registry.host): RegistryClient => new RegistryClient({ host, auth: { kind: 'anonymous' } });

async function openLayered(cacheDir: string, host?: string) {
  const c = client(host);
  const manifest = await c.getManifest(REPO, LAYERED_TAG);
  return openImageFiles(c, REPO, manifest, new LayerStore({ directory: cacheDir, maxBytes: 1 << 30 }));
}

test('the merged filesystem agrees with umoci unpack: every path, type, size, mode, owner, link target and content hash', async () => {
  const files = await openLayered(join(work, 'cache-merge'));
  assert.equal(files.layers.length, 3);
  const bundle = join(work, 'oracle');
  await runCommand('umoci', ['unpack', '--image', `${layout}:${LAYERED_TAG}`, bundle], { timeoutMs: 120_000 });
  const oracle = await snapshotTree(join(bundle, 'rootfs'));
  const ours = new Map([...files.walk()].map((node) => [node.path, node]));
  assert.deepEqual([...ours.keys()].sort(), [...oracle.keys()].sort());
  for (const [path, expected] of oracle) {
    const node = ours.get(path)!;
    const type = node.type === 'hardlink' ? 'file' : node.type;
    const actual = { type, mode: node.mode, uid: node.uid, gid: node.gid } as Record<string, unknown>;
    if (type === 'file') Object.assign(actual, { size: node.size, sha256: node.contentDigest });
    if (type === 'symlink') actual.linkTarget = node.linkTarget;
    assert.deepEqual(actual, expected, path);
    if (type === 'file') {
      const bytes = await files.readFile(path);
      assert.equal(bytes.length, expected.size, path);
      assert.deepEqual(bytes, await readFile(join(bundle, 'rootfs', path)), path);
    }
  }
  // What this image exercises, so the comparison above cannot pass on a trivial image.
  assert.equal(ours.get('dir-to-file')?.type, 'file');
  assert.equal(ours.get('file-to-dir')?.type, 'directory');
  assert.equal(ours.has('etc/deleted'), false);
  assert.deepEqual(files.readDirectory('opq').map((n) => n.path), ['opq/c']);
  assert.equal(ours.get('lib')?.type, 'symlink');
  assert.equal(ours.get('usr/bin/su')?.mode, 0o4755);
  const whiteouts = files.layers.flatMap((layer) => layer.entries.filter((e) => e.whiteout));
  assert.ok(whiteouts.some((e) => e.path === 'etc/deleted'), 'umoci wrote a whiteout for the deleted file');
  assert.ok(files.layers.some((layer) => layer.entries.some((e) => e.type === 'hardlink')), 'a layer holds a hard link');
});

/** `tar --list --verbose` lines of a blob, as [type letter, mode string, size, name] without a trailing slash. */
async function tarListing(blobPath: string): Promise<string[]> {
  const { stdout } = await runCommand('tar', ['--list', '--verbose', '--numeric-owner', '--quoting-style=literal', '-f', blobPath]);
  return stdout.toString('utf8').split('\n').filter(Boolean).map((line) => {
    const match = /^(\S)(\S{9}) (\S+)\s+(\d+) \S+ \S+ (.*)$/.exec(line);
    assert.ok(match, line);
    const [, kind, perms, owner, size, rest] = match;
    const name = rest.replace(/ -> .*$/, '').replace(/ link to .*$/, '').replace(/\/$/, '');
    return `${kind} ${perms} ${owner} ${size} ${name}`;
  }).filter((line) => !line.endsWith(' .')); // the root itself, which a listing leaves out
}

function permissions(mode: number): string {
  const bit = (on: number, c: string): string => (mode & on ? c : '-');
  const x = (exec: number, special: number, set: string): string => (mode & special ? (mode & exec ? set : set.toUpperCase()) : bit(exec, 'x'));
  return bit(0o400, 'r') + bit(0o200, 'w') + x(0o100, 0o4000, 's') + bit(0o40, 'r') + bit(0o20, 'w') + x(0o10, 0o2000, 's') + bit(0o4, 'r') + bit(0o2, 'w') + x(0o1, 0o1000, 't');
}

function asTarLine(entry: LayerEntry): string {
  const kind = { file: '-', directory: 'd', symlink: 'l', hardlink: 'h', charDevice: 'c', blockDevice: 'b', fifo: 'p' }[entry.type];
  const name = entry.whiteout === 'opaque' ? `${entry.path}/.wh..wh..opq` : entry.whiteout === 'file'
    ? entry.path.replace(/([^/]*)$/, '.wh.$1') : entry.path;
  return `${kind} ${permissions(entry.mode)} ${entry.uid}/${entry.gid} ${entry.size} ${name}`;
}

test('each layer\'s listing agrees with tar --list --verbose of the blob skopeo downloaded', async () => {
  const files = await openLayered(join(work, 'cache-list'));
  const blobs = join(work, 'skopeo-dir');
  await skopeoCopyToDir(dockerTransport(registry.host, `${REPO}:${LAYERED_TAG}`), blobs, { host: registry.host, tlsVerify: false });
  const manifest = JSON.parse(await readFile(join(blobs, 'manifest.json'), 'utf8')) as ImageManifest;
  for (const [n, descriptor] of manifest.layers.entries()) {
    const expected = await tarListing(join(blobs, descriptor.digest.slice('sha256:'.length)));
    assert.equal(files.layers[n].digest, descriptor.digest);
    assert.deepEqual(files.layers[n].entries.map(asTarLine), expected, `layer ${n}`);
  }
});

test('a second open of the same image reads the cache and makes no blob request', async () => {
  const cacheDir = join(work, 'cache-reuse');
  const proxy = await startCountingProxy({ upstream: registry.url, matches: (method, path) => method === 'GET' && path.includes('/blobs/'), gather: 1, gatherMs: 0 });
  try {
    const first = await openLayered(cacheDir, proxy.host);
    assert.ok(proxy.maxOpen() > 0, 'the first open downloads the layers');
    proxy.reset();
    const second = await openLayered(cacheDir, proxy.host);
    assert.equal(proxy.maxOpen(), 0, 'no blob request the second time');
    assert.deepEqual(await second.readFile('etc/config'), await first.readFile('etc/config'));
    assert.equal((await second.readFile('srv/notes.txt')).toString(), 'first line\nfind the NEEDLE here\n');
  } finally {
    await proxy.close();
  }
});

test('a cancel in the middle of a download leaves no cache entry; a layer past the expansion cap is refused and not kept', async () => {
  const big = gzipSync(craftTar([{ name: 'big.bin', content: deterministicBytes(24 * 1024 * 1024, 'big') }]), { level: 1 });
  const bomb = gzipSync(craftTar([{ name: 'zeros', content: Buffer.alloc(64 * 1024 * 1024) }]));
  const bigImage = await pushCraftedImage(registry, 'imagefs/big', 'v1', [{ bytes: big, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }]);
  const bombImage = await pushCraftedImage(registry, 'imagefs/bomb', 'v1', [{ bytes: bomb, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }]);
  const cacheDir = join(work, 'cache-cancel');
  const c = client();
  const stop = new AbortController();
  const store = new LayerStore({ directory: cacheDir, maxBytes: 1 << 30 });
  const opening = store.layer(c, 'imagefs/big', bigImage.layers[0], { signal: stop.signal, onProgress: (p) => p.transferred > 1024 * 1024 && stop.abort() });
  await assert.rejects(opening, AbortedError);
  assert.deepEqual(await readdir(cacheDir), [], 'nothing half-written stays');
  const capped = new LayerStore({ directory: cacheDir, maxBytes: 1 << 30, maxExpandedBytes: 16 * 1024 * 1024 });
  await assert.rejects(capped.layer(c, 'imagefs/bomb', bombImage.layers[0]), (e: unknown) => e instanceof TooLargeError && /expands to more than/.test(e.message));
  assert.deepEqual(await readdir(cacheDir), []);
  const whole = await store.layer(c, 'imagefs/big', bigImage.layers[0]);
  assert.deepEqual(await whole.readFile('big.bin'), deterministicBytes(24 * 1024 * 1024, 'big'));
});

test('a zstd layer pushed to the registry is read like its gzip twin', async () => {
  const zstd = (await import('node:zlib') as unknown as { zstdCompressSync?: (b: Buffer) => Buffer }).zstdCompressSync;
  assert.ok(zstd, `Node ${process.versions.node} has no zstd; the tiers run on Node 24`);
  const tar = craftTar([{ name: 'etc/' }, { name: 'etc/os-release', content: 'ID=zstd\n' }]);
  const image = await pushCraftedImage(registry, 'imagefs/zstd', 'v1', [{ bytes: zstd(tar), mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd' }]);
  const c = client();
  const manifest = await c.getManifest('imagefs/zstd', 'v1');
  assert.equal((manifest.manifest as ImageManifest).layers[0].digest, image.layers[0].digest);
  const files = await openImageFiles(c, 'imagefs/zstd', manifest, new LayerStore({ directory: join(work, 'cache-zstd'), maxBytes: 1 << 30 }));
  assert.equal((await files.readFile('etc/os-release')).toString(), 'ID=zstd\n');
});
