// A Docker manifest list pulled into an OCI layout: kept byte for byte by default (with a note that
// OCI-only tools will refuse it), or converted with --oci-media-types. skopeo's oci: transport and
// umoci are the oracles: they read the converted layout, and its blobs are the registry's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, crx } from '../harness/crxProcess';
import { MT } from '../harness/fixtures';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { runCommand } from '../harness/runCommand';
import { seedSampleContent, type SeededContent } from '../harness/seed';
import { skopeoCopyToDir, skopeoInspectRaw } from '../harness/skopeo';

let registry: RunningRegistry;
let seeded: SeededContent;
let work: string;

before(async () => {
  await buildCli();
  registry = await startRegistry();
  seeded = await seedSampleContent(registry.url, { extraRepositories: 0 });
  work = await mkdtemp(join(tmpdir(), 'crx-oci-types-'));
});

after(async () => {
  await registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function layoutBlob(layout: string, digest: string): Promise<Buffer> {
  return readFile(join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length)));
}

test('by default a Docker manifest list is kept byte for byte, and the output says OCI tools need --oci-media-types', async () => {
  const layout = join(work, 'kept');
  const result = await crx(['pull', `${registry.host}/samples/dockerlist:latest`, layout, '--all']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.toString().trim(), seeded.dockerList.index.digest);
  assert.match(result.stderr, /keeps the registry's Docker media types byte for byte.*--oci-media-types/);
  assert.ok((await layoutBlob(layout, seeded.dockerList.index.digest)).equals(seeded.dockerList.index.bytes));
  // Why the option exists: skopeo refuses this layout.
  await assert.rejects(skopeoCopyToDir(`oci:${layout}:latest`, join(work, 'kept-copy'), undefined, { all: true }));

  const oci = await crx(['pull', `${registry.host}/samples/multiarch:latest`, join(work, 'oci'), '--all']);
  assert.equal(oci.code, 0, oci.stderr);
  assert.equal(oci.stderr, '', 'an OCI index needs no note');
});

test('--oci-media-types converts a Docker manifest list: skopeo copies it, the blobs are the registry\'s, the new digest is stated', async () => {
  const layout = join(work, 'converted');
  const result = await crx(['pull', `${registry.host}/samples/dockerlist:latest`, layout, '--all', '--oci-media-types']);
  assert.equal(result.code, 0, result.stderr);
  const digest = result.stdout.toString().trim();
  assert.notEqual(digest, seeded.dockerList.index.digest);
  assert.match(result.stderr, new RegExp(`the layout's digest is ${digest} \\(the registry's is ${seeded.dockerList.index.digest}\\)`));

  const raw = await skopeoInspectRaw(`oci:${layout}:latest`);
  assert.equal(sha256(raw), digest);
  const index = JSON.parse(raw.toString('utf8')) as { mediaType: string; manifests: { mediaType: string; digest: string; platform: unknown }[] };
  assert.equal(index.mediaType, MT.ociIndex);
  assert.deepEqual(index.manifests.map((m) => m.platform), seeded.dockerList.images.map((i) => i.platform));
  for (const [i, entry] of index.manifests.entries()) {
    const original = seeded.dockerList.images[i];
    assert.equal(entry.mediaType, MT.ociManifest);
    const manifest = JSON.parse((await layoutBlob(layout, entry.digest)).toString('utf8')) as { mediaType: string; config: { mediaType: string; digest: string }; layers: { mediaType: string; digest: string }[] };
    assert.equal(manifest.mediaType, MT.ociManifest);
    assert.deepEqual(manifest.config, { ...JSON.parse(original.manifest.bytes.toString('utf8')).config, mediaType: MT.ociConfig });
    assert.deepEqual(manifest.layers.map((l) => [l.mediaType, l.digest]), original.layers.map((l) => [MT.ociLayerGzip, l.digest]));
  }

  const copy = join(work, 'converted-copy');
  await skopeoCopyToDir(`oci:${layout}:latest`, copy, undefined, { all: true });
  assert.equal(sha256(await readFile(join(copy, 'manifest.json'))), digest);
  for (const blob of seeded.dockerList.images.flatMap((i) => [i.config, ...i.layers])) {
    assert.ok((await readFile(join(copy, blob.digest.slice('sha256:'.length)))).equals(blob.bytes), `blob ${blob.digest} unchanged`);
  }
});

test('--oci-media-types on one platform of a Docker manifest list: skopeo and umoci read the image', async () => {
  const layout = join(work, 'one');
  const result = await crx(['pull', `${registry.host}/samples/dockerlist:latest`, layout, '--platform', 'linux/arm64/v8', '--oci-media-types']);
  assert.equal(result.code, 0, result.stderr);
  const digest = result.stdout.toString().trim();
  assert.match(result.stderr, new RegExp(`the layout's digest is ${digest} \\(the registry's is ${seeded.dockerList.images[1].manifest.digest}\\)`));
  const manifest = JSON.parse((await skopeoInspectRaw(`oci:${layout}:latest`)).toString('utf8')) as { mediaType: string };
  assert.equal(manifest.mediaType, MT.ociManifest);
  await skopeoCopyToDir(`oci:${layout}:latest`, join(work, 'one-copy'));
  const stat = await runCommand('umoci', ['stat', '--image', `${layout}:latest`]);
  assert.match(stat.stdout.toString(), /samples\/dockerlist/);
});
