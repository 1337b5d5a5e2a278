// Deleting a tag "only while it still points at the digest the user confirmed", against a real
// docker-registry, which cannot delete a tag alone and so falls back to deleting the manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { RegistryError } from '../../src/registry/errors';
import { buildImage, imageBlobs } from '../harness/fixtures';
import { startRegistry } from '../harness/registryServer';

test('deleteTag with expectedDigest deletes that manifest, and refuses once the tag points elsewhere', async () => {
  const registry = await startRegistry();
  try {
    const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
    const first = buildImage({ label: 'first' });
    const second = buildImage({ label: 'second' });
    for (const blob of [...imageBlobs(first), ...imageBlobs(second)]) await client.uploadBlob('app', blob.bytes);
    const put = (image: typeof first) => client.putManifest('app', image.manifest.bytes, { reference: 'sha256-moving.sig', mediaType: image.manifest.mediaType });

    await put(first);
    await put(second);
    await assert.rejects(
      client.deleteTag('app', 'sha256-moving.sig', { deleteManifestIfNeeded: true, expectedDigest: first.manifest.digest }),
      (error: unknown) => error instanceof RegistryError && error.code === 'TAG_MOVED'
        && error.message === `tag app:sha256-moving.sig now points to ${second.manifest.digest}, not to ${first.manifest.digest}; nothing was deleted`,
    );
    assert.equal((await client.getManifest('app', 'sha256-moving.sig')).digest, second.manifest.digest, 'nothing may be deleted');
    assert.equal((await client.getManifest('app', first.manifest.digest)).digest, first.manifest.digest);

    await client.deleteTag('app', 'sha256-moving.sig', { deleteManifestIfNeeded: true, expectedDigest: second.manifest.digest });
    await assert.rejects(client.getManifest('app', second.manifest.digest));
    assert.equal((await client.getManifest('app', first.manifest.digest)).digest, first.manifest.digest, 'only the confirmed manifest goes');
  } finally {
    await registry.close();
  }
});
