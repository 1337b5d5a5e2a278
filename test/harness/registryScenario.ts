// Every client operation against one real registry, checked against the fixtures and against skopeo
// in both directions. Run by test/integration/clientModes.test.ts for anonymous, basic, token and TLS.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryClient } from '../../src/registry/client';
import { collectPages } from '../../src/registry/operations/listing';
import { pullImage, pushImage } from '../../src/registry/transfers/image';
import { NotFoundError, UnsupportedError } from '../../src/registry/errors';
import {
  blobOf, buildArtifact, buildImage, buildIndex, indexBlobs, MT, descriptorOf, writeOciLayout,
} from './fixtures';
import { seedSampleContent, SBOM_ARTIFACT_TYPE, type SeedOptions } from './seed';
import { dockerTransport, skopeoCopyToDir, skopeoInspectRaw, type SkopeoAccess } from './skopeo';

export interface ScenarioTarget {
  url: string;
  host: string;
  client: RegistryClient;
  skopeo: SkopeoAccess;
  seed: SeedOptions;
}

async function skopeoRaw(target: ScenarioTarget, image: string): Promise<Buffer> {
  return skopeoInspectRaw(dockerTransport(target.host, image), target.skopeo);
}

export async function runRegistryScenario(target: ScenarioTarget): Promise<void> {
  const { client } = target;
  const work = await mkdtemp(join(tmpdir(), 'crx-scenario-'));
  try {
    const seeded = await seedSampleContent(target.url, { ...target.seed, extraRepositories: 3 });
    await client.ping();

    // Listings, paged two at a time.
    const repositories = await collectPages((cursor) => client.listRepositories({ pageSize: 2, cursor }));
    assert.deepEqual(repositories, { items: seeded.repositories.map((name) => ({ name })), dropped: 0 });
    const tags = (await client.listTags('samples/hello')).items.map((t) => t.name).sort();
    assert.deepEqual(tags, ['1.0', 'latest']);

    // What skopeo pushed, the client reads with identical digests and bytes.
    for (const [repository, reference, blob] of [
      ['samples/hello', '1.0', seeded.hello.manifest],
      ['samples/multiarch', 'latest', seeded.multiarch.index],
      ['samples/dockerlist', 'latest', seeded.dockerList.index],
      ['samples/artifact', 'v1', seeded.artifact.manifest],
    ] as const) {
      const byTag = await client.getManifest(repository, reference);
      assert.equal(byTag.digest, blob.digest, `${repository}:${reference}`);
      assert.ok(byTag.bytes.equals(blob.bytes));
      assert.equal(byTag.mediaType, blob.mediaType);
      const byDigest = await client.getManifest(repository, blob.digest);
      assert.ok(byDigest.bytes.equals(blob.bytes));
      const head = await client.headManifest(repository, reference);
      assert.equal(head?.digest, blob.digest);
    }
    const child = seeded.dockerList.images[1].manifest;
    assert.ok((await client.getManifest('samples/dockerlist', child.digest)).bytes.equals(child.bytes));
    assert.equal(await client.headManifest('samples/hello', 'no-such-tag'), undefined);
    await assert.rejects(client.getManifest('samples/hello', 'no-such-tag'), NotFoundError);

    // Blobs: small in memory, layers streamed to disk (no temp file left).
    assert.ok((await client.fetchBlob('samples/hello', seeded.hello.config)).equals(seeded.hello.config.bytes));
    const layer = seeded.hello.layers[0];
    const layerPath = join(work, 'downloads', 'layer.tar.gz');
    await mkdir(join(work, 'downloads'));
    const progress: number[] = [];
    await client.downloadBlob('samples/hello', layer, layerPath, { onProgress: (p) => progress.push(p.transferred) });
    assert.ok((await readFile(layerPath)).equals(layer.bytes));
    assert.equal(progress[progress.length - 1], layer.size);
    assert.deepEqual(await readdir(join(work, 'downloads')), ['layer.tar.gz']);

    // Uploads: monolithic, chunked from a file, existing (skipped), mounted.
    const image = buildImage({ label: 'scenario', paddingBytes: 300_000 });
    const config = await client.uploadBlob('scenario/image', image.config.bytes);
    assert.equal(config.digest, image.config.digest);
    const layerFile = join(work, 'layer.bin');
    await writeFile(layerFile, image.layers[0].bytes);
    const uploaded = await client.uploadBlob('scenario/image', { filePath: layerFile }, { chunkBytes: 100_000, monolithicMaxBytes: 1000 });
    assert.equal(uploaded.digest, image.layers[0].digest);
    assert.equal((await client.uploadBlob('scenario/image', image.config.bytes)).digest, image.config.digest);
    assert.equal(await client.mountBlob('scenario/mounted', layer.digest, 'samples/hello'), true);
    assert.equal((await client.blobExists('scenario/mounted', layer.digest))?.size, layer.size);
    assert.equal(await client.mountBlob('scenario/mounted', blobOf('x', 'absent').digest, 'samples/hello'), false);

    // What the client pushed, skopeo reads back byte for byte (manifest and every blob).
    const pushed = await client.putManifest('scenario/image', image.manifest.bytes, { reference: 'v1' });
    assert.equal(pushed.digest, image.manifest.digest);
    assert.ok((await skopeoRaw(target, 'scenario/image:v1')).equals(image.manifest.bytes));
    const copied = join(work, 'skopeo-copy');
    await skopeoCopyToDir(dockerTransport(target.host, 'scenario/image:v1'), copied, target.skopeo);
    for (const blob of [image.config, image.layers[0]]) {
      assert.ok((await readFile(join(copied, blob.digest.slice(7)))).equals(blob.bytes), `blob ${blob.digest} via skopeo`);
    }

    // Whole images from layouts: a Docker manifest list and an OCI index.
    for (const flavor of ['docker', 'oci'] as const) {
      const built = buildIndex({ flavor, label: `scenario-${flavor}` });
      const layout = join(work, `layout-${flavor}`);
      await writeOciLayout(layout, [{ tag: 'multi', root: built.index }], indexBlobs(built));
      const result = await pushImage(client, layout, `scenario/${flavor}list`, 'multi');
      assert.equal(result.digest, built.index.digest);
      assert.ok((await skopeoRaw(target, `scenario/${flavor}list:multi`)).equals(built.index.bytes));
      const second = built.images[1].manifest;
      assert.ok((await skopeoRaw(target, `scenario/${flavor}list@${second.digest}`)).equals(second.bytes));
    }

    // An artifact with a subject, and referrers (2.8.2 has no API: the tag-schema fallback).
    const artifact = buildArtifact({ artifactType: SBOM_ARTIFACT_TYPE, layerMediaType: 'application/vnd.example.sbom.layer.v1+json', content: '{"sbom":1}', subject: image.manifest });
    for (const blob of [artifact.config, ...artifact.layers]) await client.uploadBlob('scenario/image', blob.bytes);
    const artifactPush = await client.putManifest('scenario/image', artifact.manifest.bytes);
    assert.equal(artifactPush.digest, artifact.manifest.digest);
    assert.ok((await skopeoRaw(target, `scenario/image@${artifact.manifest.digest}`)).equals(artifact.manifest.bytes));
    // The push itself maintained the sha256-<hex> index (no OCI-Subject from 2.8.2); skopeo reads it.
    const fallbackIndex = JSON.parse((await skopeoRaw(target, `scenario/image:sha256-${image.manifest.digest.slice(7)}`)).toString('utf8')) as { mediaType: string; manifests: unknown[] };
    assert.equal(fallbackIndex.mediaType, MT.ociIndex);
    assert.deepEqual(fallbackIndex.manifests, [
      descriptorOf(artifact.manifest, { artifactType: SBOM_ARTIFACT_TYPE, annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' } }),
    ]);
    const referrers = await client.listReferrers('scenario/image', image.manifest.digest);
    assert.deepEqual(referrers.map((r) => r.digest), [artifact.manifest.digest]);
    assert.deepEqual(await client.listReferrers('scenario/image', image.manifest.digest, { artifactType: 'application/other' }), []);

    // Pull into an OCI layout, which skopeo then reads.
    const pulledDir = join(work, 'pulled');
    const { root } = await pullImage(client, 'samples/multiarch', 'latest', pulledDir, { all: true });
    assert.equal(root.digest, seeded.multiarch.index.digest);
    assert.ok((await skopeoInspectRaw(`oci:${pulledDir}:latest`)).equals(seeded.multiarch.index.bytes));
    const onePlatform = join(work, 'pulled-arm');
    const { root: arm } = await pullImage(client, 'samples/multiarch', 'latest', onePlatform, { platform: 'linux/arm64/v8' });
    assert.equal(arm.digest, seeded.multiarch.images[1].manifest.digest);

    // Deletes: 2.8.2 cannot delete a tag alone; the manifest can be deleted instead when asked.
    await assert.rejects(client.deleteTag('samples/hello', 'latest'), UnsupportedError);
    await client.deleteTag('samples/hello', 'latest', { deleteManifestIfNeeded: true });
    assert.deepEqual((await client.listTags('samples/hello')).items, []);
    await client.deleteManifest('scenario/image', image.manifest.digest);
    assert.equal(await client.headManifest('scenario/image', image.manifest.digest), undefined);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
