// Copies under token auth (real docker-registry trusting the project's test token server): within
// one registry the mount's token names both repositories and no blob is uploaded; across registries
// each side signs in with its own credentials (token registry → htpasswd registry), checked by skopeo.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { copyImage } from '../../src/registry/transfers/copy';
import { buildImage, imageBlobs } from '../harness/fixtures';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { startTokenServer, type RunningTokenServer } from '../harness/tokenServer';
import { rawManifest, seedWithSkopeo, servedRequests, skopeoDirFiles } from '../harness/copyFixtures';

const ALICE = { username: 'alice', password: 'alice-copy-secret' };
const BOB = { username: 'bob', password: 'bob-copy-secret' };
let tokens: RunningTokenServer;
let registry: RunningRegistry;
const image = buildImage({ label: 'copy-token', paddingBytes: 100_000 });

before(async () => {
  tokens = await startTokenServer({ users: { [ALICE.username]: ALICE.password } });
  registry = await startRegistry({ auth: { kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } });
  await seedWithSkopeo(registry, 'team/src:v1', image.manifest, imageBlobs(image), ALICE);
});

after(async () => {
  await registry?.close();
  await tokens?.close();
});

test('within a token registry the copy mounts with a token for push on the target and pull on the source', async () => {
  const client = new RegistryClient({ host: registry.host, auth: { kind: 'basic', ...ALICE } });
  const tokensBefore = tokens.requests.length;
  const servedBefore = servedRequests(registry).length;
  const result = await copyImage({ client, repository: 'team/src', reference: 'v1' }, { client, repository: 'team/dst', tag: 'v1' });
  assert.deepEqual(result.blobs, { present: 0, mounted: 2, uploaded: 0 });
  const mountToken = tokens.requests.slice(tokensBefore).find((r) => r.scopes.includes('repository:team/src:pull') && r.scopes.includes('repository:team/dst:pull,push'));
  assert.ok(mountToken, JSON.stringify(tokens.requests.slice(tokensBefore).map((r) => r.scopes)));
  const served = servedRequests(registry).slice(servedBefore);
  assert.deepEqual(served.filter((r) => (r.method === 'PUT' || r.method === 'PATCH') && r.uri.includes('/blobs/')), []);
  assert.ok((await rawManifest(registry, 'team/dst:v1', ALICE)).equals(image.manifest.bytes));
});

test('across registries each side uses its own credentials: token registry to an htpasswd registry', async () => {
  const other = await startRegistry({ auth: { kind: 'htpasswd', users: { [BOB.username]: BOB.password } } });
  try {
    const source = new RegistryClient({ host: registry.host, auth: { kind: 'basic', ...ALICE } });
    const destination = new RegistryClient({ host: other.host, auth: { kind: 'basic', ...BOB } });
    const result = await copyImage({ client: source, repository: 'team/src', reference: 'v1' }, { client: destination, repository: 'mirror/src', tag: 'v1' });
    assert.deepEqual(result.blobs, { present: 0, mounted: 0, uploaded: 2 });
    assert.deepEqual(await skopeoDirFiles(other, 'mirror/src:v1', BOB), await skopeoDirFiles(registry, 'team/src:v1', ALICE));
  } finally {
    await other.close();
  }
});
