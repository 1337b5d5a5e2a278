// Copy with referrers between two real docker-registry processes, which have no referrers API: the
// source's referrers are found through the referrers tag schema (`sha256-<hex>` indexes written here
// by a raw uploader, not by the project), copied by digest with their subject kept, a referrer's own
// referrer included; skopeo reads the destination's manifests and referrers indexes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { copyImage } from '../../src/registry/transfers/copy';
import type { ImageIndex } from '../../src/registry/types';
import { blobOf, buildArtifact, buildImage, descriptorOf, imageBlobs, jsonBytes, MT, type BlobData } from '../harness/fixtures';
import { rawPushBlob, rawPutManifest } from '../harness/fixturesUpload';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { headStatus, rawManifest, seedWithSkopeo } from '../harness/copyFixtures';

const SBOM = 'application/vnd.example.sbom.v1+json';
const SIGNATURE = 'application/vnd.example.signature.v1+json';

/** Pushes an artifact about `subject` and lists it in the subject's referrers tag, as a registry without the API expects. */
async function pushReferrer(registry: RunningRegistry, repository: string, subject: BlobData, artifactType: string, content: string): Promise<ReturnType<typeof buildArtifact>> {
  const artifact = buildArtifact({ artifactType, layerMediaType: 'application/vnd.example.payload', content, subject });
  const target = { url: registry.url };
  for (const blob of [artifact.config, ...artifact.layers]) await rawPushBlob(target, repository, blob);
  await rawPutManifest(target, repository, artifact.manifest.digest, artifact.manifest);
  const index = blobOf(MT.ociIndex, jsonBytes({ schemaVersion: 2, mediaType: MT.ociIndex, manifests: [descriptorOf(artifact.manifest, { artifactType })] }));
  await rawPutManifest(target, repository, `sha256-${subject.digest.slice(7)}`, index);
  return artifact;
}

async function referrersIndex(registry: RunningRegistry, repository: string, subject: string): Promise<ImageIndex> {
  return JSON.parse((await rawManifest(registry, `${repository}:sha256-${subject.slice(7)}`)).toString('utf8')) as ImageIndex;
}

test('referrers, and their referrers, are copied by digest with their subject; without the option they stay behind', async () => {
  const [source, destination] = await Promise.all([startRegistry(), startRegistry()]);
  try {
    const image = buildImage({ label: 'copy-referrers' });
    await seedWithSkopeo(source, 'apps/web:v1', image.manifest, imageBlobs(image));
    const sbom = await pushReferrer(source, 'apps/web', image.manifest, SBOM, '{"packages":[]}');
    const signature = await pushReferrer(source, 'apps/web', sbom.manifest, SIGNATURE, 'signed');
    const from = { client: new RegistryClient({ host: source.host, auth: { kind: 'anonymous' } }), repository: 'apps/web', reference: 'v1' };
    const to = new RegistryClient({ host: destination.host, auth: { kind: 'anonymous' } });

    const result = await copyImage(from, { client: to, repository: 'mirror/web', tag: 'v1' }, { referrers: true });
    assert.equal(result.referrers, 2);
    assert.ok((await rawManifest(destination, 'mirror/web:v1')).equals(image.manifest.bytes));
    for (const artifact of [sbom, signature]) {
      assert.ok((await rawManifest(destination, `mirror/web@${artifact.manifest.digest}`)).equals(artifact.manifest.bytes), 'referrer bytes unchanged');
      for (const blob of [artifact.config, ...artifact.layers]) assert.equal(await headStatus(destination, `/v2/mirror/web/blobs/${blob.digest}`), 200);
    }
    const imageReferrers = await referrersIndex(destination, 'mirror/web', image.manifest.digest);
    assert.deepEqual(imageReferrers.manifests.map((d) => [d.digest, d.artifactType]), [[sbom.manifest.digest, SBOM]]);
    const sbomReferrers = await referrersIndex(destination, 'mirror/web', sbom.manifest.digest);
    assert.deepEqual(sbomReferrers.manifests.map((d) => [d.digest, d.artifactType]), [[signature.manifest.digest, SIGNATURE]]);

    const plain = await copyImage(from, { client: to, repository: 'plain/web', tag: 'v1' });
    assert.equal(plain.referrers, 0);
    assert.equal(await headStatus(destination, `/v2/plain/web/manifests/${sbom.manifest.digest}`, MT.ociManifest), 404);
  } finally {
    await Promise.all([source.close(), destination.close()]);
  }
});
