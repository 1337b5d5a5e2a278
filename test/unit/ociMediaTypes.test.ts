// Docker → OCI media type conversion of a pull plan: nested indexes point at the new digests,
// manifests without Docker types keep their bytes, blobs are untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertPlanToOci } from '../../src/registry/transfers/ociMediaTypes';
import type { PlannedManifest, PullPlan } from '../../src/registry/transfers/pullPlan';
import { AMD64, ARM64_V8, blobOf, buildImage, descriptorOf, jsonBytes, MT, sha256Digest } from '../harness/fixtures';

test('a Docker list inside an OCI index is converted bottom-up; OCI manifests keep their bytes', () => {
  const docker = buildImage({ flavor: 'docker', platform: AMD64, label: 'd' });
  const oci = buildImage({ platform: ARM64_V8, label: 'o' });
  const list = blobOf(MT.dockerList, jsonBytes({ schemaVersion: 2, mediaType: MT.dockerList, manifests: [descriptorOf(docker.manifest, { platform: AMD64 })] }));
  const top = blobOf(MT.ociIndex, jsonBytes({ schemaVersion: 2, mediaType: MT.ociIndex, manifests: [descriptorOf(list), descriptorOf(oci.manifest, { platform: ARM64_V8 })] }));
  const planned = (blob: typeof top, extra = {}): PlannedManifest => ({ descriptor: descriptorOf(blob, extra), bytes: blob.bytes });
  const blobs = [docker.config, ...docker.layers, oci.config, ...oci.layers].map((b) => descriptorOf(b));
  const plan: PullPlan = {
    root: descriptorOf(top),
    manifests: [planned(top), planned(list), planned(oci.manifest, { platform: ARM64_V8 }), planned(docker.manifest, { platform: AMD64 })],
    blobs,
    totalBytes: 1,
  };
  const { plan: converted, changed } = convertPlanToOci(plan);
  assert.equal(changed, true);
  assert.deepEqual(converted.blobs, blobs);
  const byDigest = new Map(converted.manifests.map((m) => [m.descriptor.digest, m]));
  for (const m of converted.manifests) assert.equal(sha256Digest(m.bytes), m.descriptor.digest, 'each descriptor names its bytes');

  const root = JSON.parse((byDigest.get(converted.root.digest) as PlannedManifest).bytes.toString('utf8'));
  assert.equal(root.manifests[1].digest, oci.manifest.digest, 'the OCI image is untouched');
  assert.ok(byDigest.get(oci.manifest.digest)?.bytes.equals(oci.manifest.bytes));
  assert.equal(root.manifests[0].mediaType, MT.ociIndex);
  const newList = JSON.parse((byDigest.get(root.manifests[0].digest) as PlannedManifest).bytes.toString('utf8'));
  assert.equal(newList.mediaType, MT.ociIndex);
  assert.deepEqual(newList.manifests[0].platform, AMD64);
  const image = JSON.parse((byDigest.get(newList.manifests[0].digest) as PlannedManifest).bytes.toString('utf8'));
  assert.equal(image.mediaType, MT.ociManifest);
  assert.deepEqual([image.config.mediaType, image.config.digest], [MT.ociConfig, docker.config.digest]);
  assert.deepEqual(image.layers.map((l: { mediaType: string }) => l.mediaType), [MT.ociLayerGzip]);
  assert.equal(byDigest.get(newList.manifests[0].digest)?.descriptor.platform, AMD64);
});

test('a tree without Docker media types is returned unchanged', () => {
  const oci = buildImage({ label: 'plain' });
  const plan: PullPlan = { root: descriptorOf(oci.manifest), manifests: [{ descriptor: descriptorOf(oci.manifest), bytes: oci.manifest.bytes }], blobs: [], totalBytes: 0 };
  const result = convertPlanToOci(plan);
  assert.equal(result.changed, false);
  assert.equal(result.plan, plan);
});
