// tagManifest against a real docker-registry: the new tag holds the exact bytes (skopeo reads them
// back, Docker types included), no blob is uploaded, and a tag on another manifest is moved only with
// force or when it still points where the caller was told; copyImage asks the same before any byte moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { copyImage } from '../../src/registry/transfers/copy';
import { TagConflictError, tagManifest } from '../../src/registry/transfers/tagManifest';
import { buildImage, buildIndex, imageBlobs } from '../harness/fixtures';
import { startRegistry } from '../harness/registryServer';
import { rawManifest, seedDockerListWithSkopeo, seedWithSkopeo, servedRequests } from '../harness/copyFixtures';

test('a new tag holds the exact manifest bytes, Docker media types included, and no blob moves', async () => {
  const registry = await startRegistry();
  try {
    const image = buildImage({ label: 'tag-image' });
    const list = buildIndex({ flavor: 'docker', label: 'tag-list' });
    await seedWithSkopeo(registry, 'apps/web:v1', image.manifest, imageBlobs(image));
    await seedDockerListWithSkopeo(registry, 'apps/list:v1', list);
    const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
    const servedBefore = servedRequests(registry).length;
    const tagged = await tagManifest(client, 'apps/web', image.manifest.digest, 'stable');
    assert.deepEqual(tagged, { digest: image.manifest.digest, previous: undefined, unchanged: false });
    await tagManifest(client, 'apps/list', list.index.digest, 'stable');
    assert.deepEqual(servedRequests(registry).slice(servedBefore).filter((r) => r.uri.includes('/blobs/')), [], 'no blob request at all');
    assert.ok((await rawManifest(registry, 'apps/web:stable')).equals(image.manifest.bytes));
    assert.ok((await rawManifest(registry, 'apps/list:stable')).equals(list.index.bytes));
    assert.deepEqual(await tagManifest(client, 'apps/web', image.manifest.digest, 'stable'), { digest: image.manifest.digest, unchanged: true });
  } finally {
    await registry.close();
  }
});

test('a tag on another manifest moves only with force, or while it still points at the digest the caller replaces', async () => {
  const registry = await startRegistry();
  try {
    const first = buildImage({ label: 'tag-first' });
    const second = buildImage({ label: 'tag-second' });
    await seedWithSkopeo(registry, 'apps/web:v1', first.manifest, imageBlobs(first));
    await seedWithSkopeo(registry, 'apps/web:v2', second.manifest, imageBlobs(second));
    const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
    await assert.rejects(tagManifest(client, 'apps/web', second.manifest.digest, 'v1'), (error: unknown) => {
      assert.ok(error instanceof TagConflictError);
      assert.equal(error.current, first.manifest.digest);
      assert.equal(error.wanted, second.manifest.digest);
      assert.match(error.message, new RegExp(`${first.manifest.digest}.*${second.manifest.digest}`));
      return true;
    });
    assert.ok((await rawManifest(registry, 'apps/web:v1')).equals(first.manifest.bytes), 'left as it was');
    await assert.rejects(tagManifest(client, 'apps/web', second.manifest.digest, 'v1', { replacing: second.manifest.digest }), TagConflictError);
    const moved = await tagManifest(client, 'apps/web', second.manifest.digest, 'v1', { replacing: first.manifest.digest });
    assert.equal(moved.previous, first.manifest.digest);
    assert.ok((await rawManifest(registry, 'apps/web:v1')).equals(second.manifest.bytes));
    const forced = await tagManifest(client, 'apps/web', first.manifest.digest, 'v1', { force: true });
    assert.equal(forced.previous, second.manifest.digest);
    assert.ok((await rawManifest(registry, 'apps/web:v1')).equals(first.manifest.bytes));
  } finally {
    await registry.close();
  }
});

test('a copy onto a tag that points elsewhere is refused before any blob moves', async () => {
  const [source, destination] = await Promise.all([startRegistry(), startRegistry()]);
  try {
    const incoming = buildImage({ label: 'tag-incoming', paddingBytes: 50_000 });
    const existing = buildImage({ label: 'tag-existing' });
    await seedWithSkopeo(source, 'apps/web:v1', incoming.manifest, imageBlobs(incoming));
    await seedWithSkopeo(destination, 'mirror/web:v1', existing.manifest, imageBlobs(existing));
    const servedBefore = servedRequests(destination).length;
    const from = { client: new RegistryClient({ host: source.host, auth: { kind: 'anonymous' } }), repository: 'apps/web', reference: 'v1' };
    const to = { client: new RegistryClient({ host: destination.host, auth: { kind: 'anonymous' } }), repository: 'mirror/web', tag: 'v1' };
    await assert.rejects(copyImage(from, to), TagConflictError);
    assert.deepEqual(servedRequests(destination).slice(servedBefore).filter((r) => r.uri.includes('/blobs/')), []);
    assert.ok((await rawManifest(destination, 'mirror/web:v1')).equals(existing.manifest.bytes));
    const result = await copyImage(from, to, { replacing: existing.manifest.digest });
    assert.equal(result.previous, existing.manifest.digest);
    assert.ok((await rawManifest(destination, 'mirror/web:v1')).equals(incoming.manifest.bytes));
  } finally {
    await Promise.all([source.close(), destination.close()]);
  }
});
