// Basic auth (htpasswd) against a real docker-registry 2.8.2 through the RegistryClient.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { UnauthorizedError } from '../../src/registry/errors';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { buildImage, imageBlobs } from '../harness/fixtures';

const PASSWORD = 'b4sic-Secret';
let registry: RunningRegistry;

before(async () => {
  registry = await startRegistry({ auth: { kind: 'htpasswd', users: { bob: PASSWORD } } });
});

after(async () => {
  await registry?.close();
});

test('basic credentials: push, pull, list', async () => {
  const c = new RegistryClient({ host: registry.host, auth: { kind: 'basic', username: 'bob', password: PASSWORD } });
  await c.ping();
  const image = buildImage({ label: 'basic' });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await c.uploadBlob('basic/app', blob.bytes);
  const pushed = await c.putManifest('basic/app', image.manifest.bytes, { reference: '1.0' });
  assert.equal(pushed.digest, image.manifest.digest);
  const fetched = await c.getManifest('basic/app', '1.0');
  assert.deepEqual(fetched.bytes, image.manifest.bytes);
  assert.deepEqual((await c.listTags('basic/app')).items.map((t) => t.name), ['1.0']);
});

test('wrong password and anonymous access are refused clearly, without secrets', async () => {
  const wrong = 'wr0ng-Secret';
  const c = new RegistryClient({ host: registry.host, auth: { kind: 'basic', username: 'bob', password: wrong } });
  await assert.rejects(c.ping(), (error: unknown) => {
    assert.ok(error instanceof UnauthorizedError, String(error));
    assert.match(error.message, /wrong username or password/);
    assert.ok(!`${error.message}${error.stack}${JSON.stringify(error)}`.includes(wrong));
    return true;
  });
  const anonymous = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
  await assert.rejects(anonymous.ping(), /requires a username and password/);
});
