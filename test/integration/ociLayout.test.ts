// The OCI layout source over layouts written by skopeo and umoci: listing, manifests and blobs
// byte for byte as the registry they came from holds them, and a push of a layout's image and index
// into a real docker-registry with every digest unchanged (skopeo reads it back).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { OciLayoutService } from '../../src/registry/sources/ociLayout';
import { copyImage } from '../../src/registry/transfers/copy';
import type { RegistryService } from '../../src/registry/types';
import { AbortedError, UnsupportedError } from '../../src/registry/errors';
import { sha256Digest } from '../harness/fixtures';
import { skopeoLayoutFrom, umociLayout } from '../harness/layouts';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { runCommand } from '../harness/runCommand';
import { seedSampleContent, type SeededContent } from '../harness/seed';
import { dockerTransport, skopeoInspectRaw } from '../harness/skopeo';

let registry: RunningRegistry;
let seeded: SeededContent;
let work: string;
let skopeoDir: string;
let layout: OciLayoutService;
let client: RegistryClient;

before(async () => {
  registry = await startRegistry();
  seeded = await seedSampleContent(registry.url, { extraRepositories: 0 });
  work = await mkdtemp(join(tmpdir(), 'crx-layout-'));
  skopeoDir = join(work, 'My Images');
  await skopeoLayoutFrom(registry.host, 'samples/hello:1.0', skopeoDir, '1.0');
  await skopeoLayoutFrom(registry.host, 'samples/multiarch:latest', skopeoDir, 'multi', { all: true });
  layout = new OciLayoutService(skopeoDir);
  client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
});

after(async () => {
  await registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const raw = (image: string, config = false) => skopeoInspectRaw(dockerTransport(registry.host, image), { host: registry.host, tlsVerify: false }, { config });

test('a skopeo-written layout lists as one repository named after its folder, its ref names as tags with digests', async () => {
  await layout.ping();
  assert.deepEqual((await layout.listRepositories()).items, [{ name: 'my-images' }]);
  const tags = (await layout.listTags('my-images')).items;
  assert.deepEqual(tags.map((t) => t.name).sort(), ['1.0', 'multi']);
  assert.equal(tags.find((t) => t.name === '1.0')?.digest, seeded.hello.manifest.digest);
  assert.equal(tags.find((t) => t.name === 'multi')?.digest, seeded.multiarch.index.digest);
  await assert.rejects(layout.listTags('samples/hello'), /shows as the repository "my-images"/);
});

test('manifests, configs and layers read from the layout are the registry\'s bytes', async () => {
  const image = await layout.getManifest('my-images', '1.0');
  assert.ok(image.bytes.equals(await raw('samples/hello:1.0')));
  const index = await layout.getManifest('my-images', 'multi');
  assert.equal(index.digest, seeded.multiarch.index.digest);
  const child = seeded.multiarch.images[0];
  assert.ok((await layout.getManifest('my-images', child.manifest.digest)).bytes.equals(child.manifest.bytes), 'a child by digest');
  assert.deepEqual(await layout.headManifest('my-images', '1.0'), { mediaType: image.mediaType, digest: image.digest, size: image.bytes.length });
  assert.equal(await layout.headManifest('my-images', 'nope'), undefined);
  const config = await layout.fetchBlob('my-images', seeded.hello.config);
  assert.ok(config.equals(await raw('samples/hello:1.0', true)));
  const target = join(work, 'layer.tgz');
  let last = 0;
  await layout.downloadBlob('my-images', seeded.hello.layers[0], target, { onProgress: (e) => { last = e.transferred; } });
  assert.ok((await readFile(target)).equals(seeded.hello.layers[0].bytes));
  assert.equal(last, seeded.hello.layers[0].bytes.length);
  assert.deepEqual(await layout.blobExists('my-images', seeded.hello.config.digest), { digest: seeded.hello.config.digest, size: seeded.hello.config.bytes.length });
});

test('the layout is read-only: every write is refused with UnsupportedError and changes nothing', async () => {
  const before = await readFile(join(skopeoDir, 'index.json'));
  const service: RegistryService = layout;
  await assert.rejects(service.putManifest('my-images', Buffer.from('{}'), { reference: 'x' }), UnsupportedError);
  await assert.rejects(service.deleteTag('my-images', '1.0'), (error: Error) => error instanceof UnsupportedError && /read-only/.test(error.message));
  await assert.rejects(service.uploadBlob('my-images', Buffer.from('x')), UnsupportedError);
  assert.ok((await readFile(join(skopeoDir, 'index.json'))).equals(before));
});

test('Push: an image and a whole index go from the layout to a registry with every digest unchanged, the tag last', async () => {
  const events: number[] = [];
  const image = await copyImage({ client: layout, repository: 'my-images', reference: '1.0' }, { client, repository: 'pushed/hello', tag: 'v1' }, {
    onProgress: (e) => events.push(e.transferred),
  });
  assert.equal(image.digest, seeded.hello.manifest.digest);
  assert.ok((await raw('pushed/hello:v1')).equals(seeded.hello.manifest.bytes), 'skopeo reads the same manifest bytes');
  assert.ok((await raw('pushed/hello:v1', true)).equals(seeded.hello.config.bytes));
  assert.equal(events.at(-1), image.totalBytes);

  const index = await copyImage({ client: layout, repository: 'my-images', reference: 'multi' }, { client, repository: 'pushed/multi', tag: 'latest' });
  assert.equal(index.digest, seeded.multiarch.index.digest);
  assert.equal(index.manifests, 1 + seeded.multiarch.images.length);
  assert.ok((await raw('pushed/multi:latest')).equals(seeded.multiarch.index.bytes));
  for (const child of seeded.multiarch.images) {
    assert.ok((await raw(`pushed/multi@${child.manifest.digest}`)).equals(child.manifest.bytes), 'every platform is there');
  }
});

test('a cancelled push leaves no tag at the destination', async () => {
  const abort = new AbortController();
  await assert.rejects(copyImage({ client: layout, repository: 'my-images', reference: 'multi' }, { client, repository: 'pushed/cancelled', tag: 'latest' }, {
    signal: abort.signal,
    concurrency: 1,
    onProgress: () => abort.abort(),
  }), AbortedError);
  assert.equal(await client.headManifest('pushed/cancelled', 'latest'), undefined);
});

test('a umoci-built layout browses and pushes; skopeo reads back the same manifest and umoci\'s layer', async () => {
  const dir = join(work, 'umoci');
  await umociLayout(dir, 'built');
  const built = new OciLayoutService(dir);
  const [tag] = (await built.listTags('umoci')).items;
  assert.equal(tag.name, 'built');
  const manifest = await built.getManifest('umoci', 'built');
  assert.equal(manifest.digest, sha256Digest(manifest.bytes));
  const result = await copyImage({ client: built, repository: 'umoci', reference: 'built' }, { client, repository: 'pushed/umoci', tag: 'built' });
  assert.equal(result.digest, tag.digest);
  assert.ok((await raw('pushed/umoci:built')).equals(manifest.bytes));
  const copy = join(work, 'umoci-back');
  await runCommand('skopeo', ['copy', '--quiet', '--src-tls-verify=false', dockerTransport(registry.host, 'pushed/umoci:built'), `oci:${copy}:back`]);
  const back = await runCommand('umoci', ['stat', '--image', `${copy}:back`]);
  assert.match(back.stdout.toString(), /srv\/hello\.txt|LAYER|Layer/);
  // umoci's layout also keeps the empty image it started from; the pushed image's blobs are all umoci's.
  const inLayout = new Set(await readdir(join(dir, 'blobs', 'sha256')));
  for (const hex of await readdir(join(copy, 'blobs', 'sha256'))) assert.ok(inLayout.has(hex), `${hex} came from the umoci layout`);
});
