// The demo seed lands every sample with the digests the fixtures computed (checked with skopeo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRegistry } from '../harness/registryServer';
import { seedSampleContent } from '../harness/seed';
import { dockerTransport, skopeoAccessFor, skopeoInspectRaw } from '../harness/skopeo';

test('seed on an anonymous registry: catalog and exact manifest bytes', async () => {
  const registry = await startRegistry();
  try {
    const seeded = await seedSampleContent(registry.url, { extraRepositories: 3 });
    const catalog = (await (await fetch(`${registry.url}/v2/_catalog`)).json()) as { repositories: string[] };
    assert.deepEqual(catalog.repositories, seeded.repositories);
    assert.equal(seeded.repositories.length, 7);
    const access = await skopeoAccessFor(registry);
    const expectations: [string, Buffer][] = [
      ['samples/hello:1.0', seeded.hello.manifest.bytes],
      ['samples/hello:latest', seeded.hello.manifest.bytes],
      ['samples/multiarch:latest', seeded.multiarch.index.bytes],
      ['samples/dockerlist:latest', seeded.dockerList.index.bytes],
      ['samples/artifact:v1', seeded.artifact.manifest.bytes],
    ];
    for (const [image, bytes] of expectations) {
      assert.ok((await skopeoInspectRaw(dockerTransport(registry.host, image), access)).equals(bytes), image);
    }
    const config = await skopeoInspectRaw(dockerTransport(registry.host, 'samples/hello:1.0'), access, { config: true });
    assert.ok(config.equals(seeded.hello.config.bytes));
  } finally {
    await registry.close();
  }
});

test('seed on a TLS registry with basic auth', async () => {
  const users = { demo: 'demo-password-1' };
  const registry = await startRegistry({ tls: true, auth: { kind: 'htpasswd', users } });
  try {
    const seeded = await seedSampleContent(registry.url, { username: 'demo', password: users.demo, caCertPath: registry.caCertPath, extraRepositories: 1 });
    const access = await skopeoAccessFor(registry, { username: 'demo', password: users.demo });
    const raw = await skopeoInspectRaw(dockerTransport(registry.host, 'samples/multiarch:latest'), access);
    assert.ok(raw.equals(seeded.multiarch.index.bytes));
    await assert.rejects(skopeoInspectRaw(dockerTransport(registry.host, 'samples/multiarch:latest'), { ...access, password: 'wrong' }));
  } finally {
    await registry.close();
  }
});
