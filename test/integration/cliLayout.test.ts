// `oci:<folder>[:<tag>|@<digest>]` as a source in crx, as skopeo names a layout image: listed,
// read and copied into a real docker-registry with digests unchanged (skopeo reads it back).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, crx, isolatedEnv } from '../harness/crxProcess';
import { buildArtifact, buildImage, imageBlobs, writeOciLayout } from '../harness/fixtures';
import { skopeoLayoutFrom } from '../harness/layouts';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { seedSampleContent, type SeededContent } from '../harness/seed';
import { dockerTransport, skopeoInspectRaw } from '../harness/skopeo';

let registry: RunningRegistry;
let seeded: SeededContent;
let work: string;
let layout: string;

before(async () => {
  await buildCli();
  registry = await startRegistry();
  seeded = await seedSampleContent(registry.url, { extraRepositories: 0 });
  work = await mkdtemp(join(tmpdir(), 'crx-cli-layout-'));
  layout = join(work, 'images');
  await skopeoLayoutFrom(registry.host, 'samples/hello:1.0', layout, '1.0');
  await skopeoLayoutFrom(registry.host, 'samples/multiarch:latest', layout, 'multi', { all: true });
});

after(async () => {
  await registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const raw = (image: string) => skopeoInspectRaw(dockerTransport(registry.host, image), { host: registry.host, tlsVerify: false });

test('tags and manifest read a layout named oci:<folder>[:<tag>|@<digest>]', async () => {
  const tags = await crx(['tags', `oci:${layout}`]);
  assert.equal(tags.code, 0, tags.stderr);
  assert.deepEqual(tags.stdout.toString().trim().split('\n').sort(), ['1.0', 'multi']);
  const manifest = await crx(['manifest', `oci:${layout}:1.0`]);
  assert.equal(manifest.code, 0, manifest.stderr);
  assert.ok(manifest.stdout.equals(seeded.hello.manifest.bytes));
  const byDigest = await crx(['manifest', `oci:${layout}@${seeded.multiarch.index.digest}`]);
  assert.ok(byDigest.stdout.equals(seeded.multiarch.index.bytes));
});

test('files and cat read a layout image by digest, and one platform of a layout index with --platform', async () => {
  const env = { ...isolatedEnv(), XDG_CACHE_HOME: join(work, 'cache') };
  const byDigest = await crx(['files', `oci:${layout}@${seeded.hello.manifest.digest}`, '--long'], { env });
  assert.equal(byDigest.code, 0, byDigest.stderr);
  const fromRegistry = await crx(['files', `${registry.host}/samples/hello:1.0`, '--long'], { env: { ...env, XDG_CACHE_HOME: join(work, 'registry-cache') } });
  assert.equal(byDigest.stdout.toString(), fromRegistry.stdout.toString());
  assert.match(byDigest.stdout.toString(), / app\/hello\.txt$/m);
  for (const platform of ['linux/amd64', 'linux/arm64/v8']) {
    const fromLayout = await crx(['cat', `oci:${layout}:multi`, 'app/hello.txt', '--platform', platform], { env });
    assert.equal(fromLayout.code, 0, fromLayout.stderr);
    const expected = await crx(['cat', `${registry.host}/samples/multiarch:latest`, 'app/hello.txt', '--platform', platform], { env: { ...env, XDG_CACHE_HOME: join(work, 'registry-cache') } });
    assert.match(expected.stdout.toString(), new RegExp(`on ${platform}`));
    assert.equal(fromLayout.stdout.toString(), expected.stdout.toString());
  }
});

test('copy from a layout pushes an index with every platform, digests unchanged, the tag last', async () => {
  const result = await crx(['copy', `oci:${layout}:multi`, `${registry.host}/cli/from-layout:multi`]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.toString().trim(), seeded.multiarch.index.digest);
  assert.ok((await raw('cli/from-layout:multi')).equals(seeded.multiarch.index.bytes));
  for (const image of seeded.multiarch.images) assert.ok((await raw(`cli/from-layout@${image.manifest.digest}`)).equals(image.manifest.bytes));
});

test('a layout reference that names nothing, or no folder, is a clear error', async () => {
  const missing = await crx(['copy', `oci:${layout}:nope`, `${registry.host}/cli/none:x`]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /has no image named "nope"/);
  const empty = await crx(['manifest', 'oci:']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /expected oci:<folder>\[:<tag>\|@<digest>\]/);
  const written = await crx(['push-manifest', `oci:${layout}:x`, join(layout, 'index.json')]);
  assert.equal(written.code, 1);
  assert.match(written.stderr, /read-only/);
});

test('referrers lists the artifacts a layout holds for a manifest, as index.json names them', async () => {
  const image = buildImage({ label: 'layout-referrers' });
  const sbom = buildArtifact({ artifactType: 'application/spdx+json', layerMediaType: 'application/spdx+json', content: '{"spdxVersion":"SPDX-2.3"}', subject: image.manifest });
  const dir = join(work, 'with-referrers');
  await writeOciLayout(dir, [{ tag: 'v1', root: image.manifest }, { tag: 'sbom', root: sbom.manifest }], [...imageBlobs(image), sbom.config, ...sbom.layers]);
  const listed = await crx(['referrers', `oci:${dir}@${image.manifest.digest}`]);
  assert.equal(listed.code, 0, listed.stderr);
  const referrers = JSON.parse(listed.stdout.toString()) as Array<{ digest: string; artifactType?: string }>;
  assert.deepEqual(referrers.map((r) => [r.digest, r.artifactType]), [[sbom.manifest.digest, 'application/spdx+json']]);
  const filtered = await crx(['referrers', `oci:${dir}@${image.manifest.digest}`, '--artifact-type', 'application/vnd.dev.cosign.artifact.sig.v1+json']);
  assert.deepEqual(JSON.parse(filtered.stdout.toString()), []);
});
