// copyImage between two real docker-registry processes and within one: skopeo reads both sides and
// must see the same bytes (manifests and blobs); within one registry no blob may be uploaded (the
// registry's own log shows mounts only); a cancelled or corrupt copy leaves no tag and no blob.
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { AbortedError, DigestMismatchError } from '../../src/registry/errors';
import { copyImage } from '../../src/registry/transfers/copy';
import type { ProgressEvent } from '../../src/registry/types';
import { buildArtifact, buildImage, buildIndex, imageBlobs, indexBlobs } from '../harness/fixtures';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { ALL_MANIFEST_TYPES, headStatus, rawManifest, seedDockerListWithSkopeo, seedWithSkopeo, servedRequests, skopeoDirFiles } from '../harness/copyFixtures';
import { STALL_AFTER_BYTES, startCopySource, startStallingReferrerSource } from '../harness/copySourceServer';

setFlagsFromString('--expose-gc');

function anonymous(host: string): RegistryClient {
  return new RegistryClient({ host, auth: { kind: 'anonymous' } });
}

async function withRegistries(count: number, body: (...registries: RunningRegistry[]) => Promise<void>): Promise<void> {
  const registries = await Promise.all(Array.from({ length: count }, () => startRegistry()));
  try {
    await body(...registries);
  } finally {
    await Promise.all(registries.map((r) => r.close()));
  }
}

test('an image copied to another registry has the same manifest bytes and blobs (skopeo), with byte progress', async () => {
  await withRegistries(2, async (source, destination) => {
    const image = buildImage({ label: 'copy-image', paddingBytes: 3 * 1024 * 1024 });
    await seedWithSkopeo(source, 'apps/web:v1', image.manifest, imageBlobs(image));
    const events: ProgressEvent[] = [];
    const result = await copyImage(
      { client: anonymous(source.host), repository: 'apps/web', reference: 'v1' },
      { client: anonymous(destination.host), repository: 'mirror/web', tag: 'v1' },
      { onProgress: (e) => events.push(e) },
    );
    assert.equal(result.digest, image.manifest.digest);
    assert.deepEqual(result.blobs, { present: 0, mounted: 0, uploaded: 2 });
    assert.ok((await rawManifest(destination, 'mirror/web:v1')).equals(image.manifest.bytes));
    assert.deepEqual(await skopeoDirFiles(destination, 'mirror/web:v1'), await skopeoDirFiles(source, 'apps/web:v1'));
    const total = image.config.size + image.layers[0].size;
    assert.ok(events.every((e) => e.total === total), 'the total is known from the first event');
    assert.ok(events.every((e, i) => i === 0 || e.transferred > events[i - 1].transferred), 'progress only goes up');
    assert.equal(events.at(-1)?.transferred, total);
    assert.ok(events.length > 3, `progress while the layer streams (${events.length} events)`);
  });
});

test('a large layer streams between registries: memory does not grow with the blob', async () => {
  await withRegistries(2, async (source, destination) => {
    const image = buildImage({ label: 'copy-large', paddingBytes: 32 * 1024 * 1024 });
    await seedWithSkopeo(source, 'apps/large:v1', image.manifest, imageBlobs(image));
    // Buffers live outside the JS heap: one held whole would stay after a collection; chunks already sent would not.
    const collect = runInNewContext('gc') as () => void;
    collect();
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let nextCheck = 0;
    const result = await copyImage(
      { client: anonymous(source.host), repository: 'apps/large', reference: 'v1' },
      { client: anonymous(destination.host), repository: 'mirror/large', tag: 'v1' },
      { onProgress: ({ transferred }) => {
        if (transferred < nextCheck) return;
        nextCheck = transferred + 4 * 1024 * 1024;
        collect();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
      } },
    );
    assert.equal(result.blobs.uploaded, 2);
    assert.ok(peak < image.layers[0].size / 2, `buffers grew by ${peak} bytes while copying a ${image.layers[0].size}-byte layer`);
    assert.ok((await rawManifest(destination, 'mirror/large:v1')).equals(image.manifest.bytes));
  });
});

test('an OCI index and a Docker manifest list are copied with every child, digests unchanged (skopeo --all)', async () => {
  await withRegistries(2, async (source, destination) => {
    for (const flavor of ['oci', 'docker'] as const) {
      const built = buildIndex({ flavor, label: `copy-${flavor}` });
      const blobs = indexBlobs(built).filter((b) => b !== built.index);
      if (flavor === 'oci') await seedWithSkopeo(source, `multi/${flavor}:latest`, built.index, blobs);
      else await seedDockerListWithSkopeo(source, `multi/${flavor}:latest`, built);
      const result = await copyImage(
        { client: anonymous(source.host), repository: `multi/${flavor}`, reference: 'latest' },
        { client: anonymous(destination.host), repository: `copied/${flavor}`, tag: 'stable' },
      );
      assert.equal(result.digest, built.index.digest);
      assert.equal(result.manifests, 3);
      assert.ok((await rawManifest(destination, `copied/${flavor}:stable`)).equals(built.index.bytes), `${flavor}: index bytes`);
      for (const image of built.images) {
        assert.ok((await rawManifest(destination, `copied/${flavor}@${image.manifest.digest}`)).equals(image.manifest.bytes), `${flavor}: child bytes`);
      }
      assert.deepEqual(await skopeoDirFiles(destination, `copied/${flavor}:stable`), await skopeoDirFiles(source, `multi/${flavor}:latest`));
    }
  });
});

test('within one registry every blob is mounted: the registry serves no blob upload', async () => {
  await withRegistries(1, async (registry) => {
    const built = buildIndex({ label: 'copy-mount' });
    await seedWithSkopeo(registry, 'team/src:v1', built.index, indexBlobs(built).filter((b) => b !== built.index));
    const servedBefore = servedRequests(registry).length;
    const client = anonymous(registry.host);
    const result = await copyImage({ client, repository: 'team/src', reference: 'v1' }, { client, repository: 'team/dst', tag: 'v1' });
    assert.deepEqual(result.blobs, { present: 0, mounted: 4, uploaded: 0 });
    const served = servedRequests(registry).slice(servedBefore);
    const mounts = served.filter((r) => r.method === 'POST' && r.uri.includes('mount=') && r.uri.includes('from=team%2Fsrc'));
    assert.equal(mounts.length, 4, JSON.stringify(served));
    assert.ok(mounts.every((r) => r.status === 201));
    assert.deepEqual(served.filter((r) => (r.method === 'PATCH' || r.method === 'PUT') && r.uri.includes('/blobs/')), [], 'no blob was uploaded');
    assert.deepEqual(await skopeoDirFiles(registry, 'team/dst:v1'), await skopeoDirFiles(registry, 'team/src:v1'));
    const again = await copyImage({ client, repository: 'team/src', reference: 'v1' }, { client, repository: 'team/dst', tag: 'v2' });
    assert.deepEqual(again.blobs, { present: 4, mounted: 0, uploaded: 0 });
  });
});

test('a copy cancelled in the middle of a blob leaves no destination tag and no blob', async () => {
  const image = buildImage({ label: 'copy-cancel', paddingBytes: 400_000 });
  const server = await startCopySource(image, 'r/img', 'stall');
  try {
    await withRegistries(1, async (destination) => {
      const abort = new AbortController();
      let seen = 0;
      const copying = copyImage(
        { client: anonymous(server.host), repository: 'r/img', reference: 'latest' },
        { client: anonymous(destination.host), repository: 'mirror/img', tag: 'v1' },
        { signal: abort.signal, concurrency: 1, onProgress: (e) => {
          seen = e.transferred;
          if (e.transferred >= image.config.size + STALL_AFTER_BYTES) abort.abort();
        } },
      );
      await assert.rejects(copying, AbortedError);
      assert.ok(seen > 0 && seen < image.config.size + image.layers[0].size, `cancelled mid-blob (${seen} bytes)`);
      assert.equal(await headStatus(destination, '/v2/mirror/img/manifests/v1', ALL_MANIFEST_TYPES), 404);
      assert.equal(await headStatus(destination, `/v2/mirror/img/blobs/${image.layers[0].digest}`), 404);
    });
  } finally {
    await server.close();
  }
});

test('a copy with referrers cancelled in a referrer\'s blob leaves no destination tag, though the image itself is complete', async () => {
  const image = buildImage({ label: 'copy-cancel-referrer' });
  const sbom = buildArtifact({ artifactType: 'application/vnd.example.sbom.v1+json', layerMediaType: 'application/vnd.example.payload', content: 'x'.repeat(300_000), subject: image.manifest });
  const server = await startStallingReferrerSource(image, sbom, 'r/img');
  try {
    await withRegistries(1, async (destination) => {
      const abort = new AbortController();
      const before = image.config.size + image.layers[0].size + sbom.config.size;
      await assert.rejects(copyImage(
        { client: anonymous(server.host), repository: 'r/img', reference: 'latest' },
        { client: anonymous(destination.host), repository: 'mirror/img', tag: 'v1' },
        { referrers: true, signal: abort.signal, concurrency: 1, onProgress: (e) => { if (e.transferred >= before + STALL_AFTER_BYTES) abort.abort(); } },
      ), AbortedError);
      assert.equal(await headStatus(destination, `/v2/mirror/img/blobs/${image.layers[0].digest}`), 200, 'the image\'s own blobs were copied');
      assert.equal(await headStatus(destination, '/v2/mirror/img/manifests/v1', ALL_MANIFEST_TYPES), 404);
    });
  } finally {
    await server.close();
  }
});

test('source bytes that do not match their digest are refused while they stream; nothing is tagged or kept', async () => {
  const image = buildImage({ label: 'copy-corrupt', paddingBytes: 200_000 });
  const server = await startCopySource(image, 'r/img', 'corrupt');
  try {
    await withRegistries(1, async (destination) => {
      const started = Date.now();
      await assert.rejects(
        copyImage(
          { client: anonymous(server.host), repository: 'r/img', reference: 'latest' },
          { client: anonymous(destination.host), repository: 'mirror/img', tag: 'v1' },
        ),
        (error: unknown) => error instanceof DigestMismatchError && error.message.includes(image.layers[0].digest),
      );
      assert.ok(Date.now() - started < 10_000, 'refused at once, not after a time-out');
      assert.equal(await headStatus(destination, '/v2/mirror/img/manifests/v1', ALL_MANIFEST_TYPES), 404);
      assert.equal(await headStatus(destination, `/v2/mirror/img/blobs/${image.layers[0].digest}`), 404);
    });
  } finally {
    await server.close();
  }
});
