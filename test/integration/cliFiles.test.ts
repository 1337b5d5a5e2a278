// `crx files` and `crx cat` as users run them: the bundled CLI against a real registry holding an
// image built with umoci; the cache goes under $XDG_CACHE_HOME; Ctrl-C mid-download keeps nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildCli, crx, isolatedEnv, startCrx } from '../harness/crxProcess';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { runCommand } from '../harness/runCommand';
import { dockerTransport, skopeoCopy } from '../harness/skopeo';
import { buildLayeredImage, snapshotTree } from '../harness/umociImage';
import { buildImage, deterministicBytes, imageBlobs } from '../harness/fixtures';
import { sendJson, serveBytes, startFaultServer } from '../harness/faultServer';
import { pushCraftedIndex } from '../harness/craftedPush';
import { craftTar } from '../harness/craftedTar';

let registry: RunningRegistry;
let work: string;
let layout: string;
let cacheHome: string;

before(async () => {
  await buildCli();
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'crx-cli-files-'));
  cacheHome = join(work, 'xdg-cache');
  layout = await buildLayeredImage(work);
  for (const tag of ['v2', 'v3']) {
    await skopeoCopy(`oci:${layout}:${tag}`, dockerTransport(registry.host, `imagefs/layered:${tag}`), { dest: { host: registry.host, tlsVerify: false } });
  }
});

after(async () => {
  await registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ...isolatedEnv(), XDG_CACHE_HOME: cacheHome });

test('crx files lists every path of the merged image, as umoci unpack has them; a path narrows it', async () => {
  const result = await crx(['files', `${registry.host}/imagefs/layered:v3`], { env: env() });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.toString('utf8').trim().split('\n');
  const bundle = join(work, 'oracle-v3');
  await runCommand('umoci', ['unpack', '--image', `${layout}:v3`, bundle]);
  const oracle = await snapshotTree(join(bundle, 'rootfs'));
  const names = lines.map((line) => line.replace(/ -> .*$/, '').replace(/ link to .*$/, '').replace(/\/$/, ''));
  assert.deepEqual(names.sort(), [...oracle.keys()].sort());
  assert.ok(lines.includes('lib -> usr/lib'));
  assert.ok(lines.includes('file-to-dir/'));
  const cached = await readdir(join(cacheHome, 'crx', 'layers'));
  assert.equal(cached.filter((name) => name.startsWith('sha256-')).length, 3, 'the three layers are cached under $XDG_CACHE_HOME/crx/layers');

  const etc = await crx(['files', `${registry.host}/imagefs/layered:v3`, '/etc', '--long'], { env: env() });
  assert.equal(etc.code, 0, etc.stderr);
  assert.match(etc.stdout.toString(), /^-rw------- 0\/0\s+5 \d{4}-\d\d-\d\d \d\d:\d\d etc\/secret$/m);
  assert.match(etc.stdout.toString(), /^l\S+ .* etc\/alt -> config$/m);
  assert.doesNotMatch(etc.stdout.toString(), /usr\//);
});

test('crx files --layer lists one layer\'s entries with whiteouts marked; a bad --layer is a usage error', async () => {
  const result = await crx(['files', `${registry.host}/imagefs/layered:v3`, '--layer', '2'], { env: env() });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout.toString(), /^etc\/deleted \(whiteout: deleted\)$/m);
  assert.match(result.stdout.toString(), /^etc\/config$/m);
  const bad = await crx(['files', `${registry.host}/imagefs/layered:v3`, '--layer', '9'], { env: env() });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--layer 9: the image has layers 1 to 3/);
});

test('crx cat prints a file byte for byte, follows symlinks in the image, and names a missing path', async () => {
  const binary = await crx(['cat', `${registry.host}/imagefs/layered:v2`, 'lib/libx.so'], { env: env() });
  assert.equal(binary.code, 0, binary.stderr);
  assert.deepEqual(binary.stdout, deterministicBytes(70_000, 'libx'));
  const text = await crx(['cat', `${registry.host}/imagefs/layered:v3`, 'etc/config', '--no-cache'], { env: { ...env(), XDG_CACHE_HOME: join(work, 'unused') } });
  assert.equal(text.stdout.toString(), 'version=2, longer now\n');
  await assert.rejects(readdir(join(work, 'unused')), { code: 'ENOENT' }, '--no-cache writes nothing to the cache');
  const missing = await crx(['cat', `${registry.host}/imagefs/layered:v3`, 'usr/lib/libx.so'], { env: env() });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /crx cat: "usr\/lib\/libx.so" is not in the image/);
  const folder = await crx(['cat', `${registry.host}/imagefs/layered:v3`, 'etc'], { env: env() });
  assert.match(folder.stderr, /"etc" is a directory, not a file/);
});

test('an index takes --platform; a platform it lacks is named with the ones it has', async () => {
  const layer = (arch: string) => [{ bytes: gzipSync(craftTar([{ name: 'arch.txt', content: `${arch}\n` }])), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }];
  await pushCraftedIndex(registry, 'imagefs/multi', 'v1', [
    { platform: { os: 'linux', architecture: 'amd64' }, layers: layer('amd64') },
    { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }, layers: layer('arm64') },
  ]);
  const arm = await crx(['cat', `${registry.host}/imagefs/multi:v1`, 'arch.txt', '--platform', 'linux/arm64'], { env: env() });
  assert.equal(arm.stdout.toString(), 'arm64\n', arm.stderr);
  const amd = await crx(['files', `${registry.host}/imagefs/multi:v1`, '--platform', 'linux/amd64'], { env: env() });
  assert.equal(amd.stdout.toString(), 'arch.txt\n', amd.stderr);
  const none = await crx(['files', `${registry.host}/imagefs/multi:v1`, '--platform', 'linux/s390x'], { env: env() });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /has no linux\/s390x image \(available: linux\/amd64, linux\/arm64\/v8\); use --platform/);
});

test('files and cat read an image in a local OCI layout (oci:<folder>:<tag>) as they read it from a registry', async () => {
  // Its own cache, so the layout's layers are read from the folder, not found cached from the registry runs.
  const layoutEnv = { ...isolatedEnv(), XDG_CACHE_HOME: join(work, 'layout-cache') };
  const both = async (args: string[]) => {
    const fromRegistry = await crx(['files', `${registry.host}/imagefs/layered:v3`, ...args], { env: env() });
    const fromLayout = await crx(['files', `oci:${layout}:v3`, ...args], { env: layoutEnv });
    assert.equal(fromLayout.code, 0, fromLayout.stderr);
    assert.equal(fromLayout.stdout.toString(), fromRegistry.stdout.toString());
    return fromLayout.stdout.toString();
  };
  assert.match(await both([]), /^lib -> usr\/lib$/m);
  assert.match(await both(['etc', '--long']), /etc\/secret$/m);
  assert.match(await both(['--layer', '2']), /^etc\/deleted \(whiteout: deleted\)$/m);
  const text = await crx(['cat', `oci:${layout}:v3`, 'etc/config'], { env: layoutEnv });
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stdout.toString(), 'version=2, longer now\n');
  const binary = await crx(['cat', `oci:${layout}:v2`, 'lib/libx.so', '--no-cache'], { env: layoutEnv });
  assert.deepEqual(binary.stdout, deterministicBytes(70_000, 'libx'), binary.stderr);
});

test('a tag a layout lacks is named plainly by files and cat', async () => {
  for (const args of [['files', `oci:${layout}:nope`], ['cat', `oci:${layout}:nope`, 'etc/config']]) {
    const result = await crx(args, { env: env() });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^crx ${args[0]}: the OCI layout \\S+ has no image named "nope"\\n$`));
    assert.doesNotMatch(result.stderr, /registry host|port must be|ENOENT|https?:/);
  }
});

test('Ctrl-C while a layer downloads exits 130 and leaves no cache entry', async () => {
  const image = buildImage({ label: 'files-interrupt', paddingBytes: 400_000 });
  const layer = image.layers[0];
  const server = await startFaultServer((request, response) => {
    if (request.url === '/v2/r/img/manifests/latest') {
      response.writeHead(200, { 'content-type': image.manifest.mediaType, 'content-length': image.manifest.size });
      return void response.end(image.manifest.bytes);
    }
    if (request.url === `/v2/r/img/blobs/${layer.digest}`) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': layer.size });
      return void response.write(layer.bytes.subarray(0, 100_000));
    }
    const blob = imageBlobs(image).find((b) => request.url === `/v2/r/img/blobs/${b.digest}`);
    if (blob) return serveBytes(request, response, blob.bytes);
    sendJson(response, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'no such thing' }] });
  });
  const cache = join(work, 'interrupt-cache');
  try {
    const running = startCrx(['cat', `${server.host}/r/img:latest`, 'app/padding.bin'], { env: { ...isolatedEnv(), XDG_CACHE_HOME: cache } });
    const layers = join(cache, 'crx', 'layers');
    let downloading = false;
    for (let i = 0; i < 200 && !downloading; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      downloading = (await readdir(layers).catch(() => [] as string[])).some((n) => n.startsWith('.partial-'));
    }
    assert.ok(downloading, 'the download had started');
    running.child.kill('SIGINT');
    const result = await running.result;
    assert.equal(result.code, 130, result.stderr);
    assert.deepEqual(await readdir(layers), []);
  } finally {
    await server.close();
  }
});
