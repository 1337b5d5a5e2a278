// Azure Container Registry flows against the ACR look-alike (test/harness/acrServer.ts) in front of a
// real docker-registry: Entra token → /oauth2/exchange → refresh token → /oauth2/token access tokens,
// ACR's /acr/v1 listings, and anonymous pull. The Entra credential is a fake TokenCredential.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { RegistryError, UnauthorizedError } from '../../src/registry/errors';
import { DEFAULT_ACR_SCOPE } from '../../src/registry/acr';
import type { LogSink } from '../../src/registry/types';
import { startAcrServer, type RunningAcr } from '../harness/acrServer';
import { buildImage, imageBlobs } from '../harness/fixtures';

const AAD_TOKEN = 'fake-entra-access-token-123';
let acr: RunningAcr;

class FakeCredential {
  calls: Array<{ scopes: string | string[]; tenantId?: string }> = [];
  constructor(private readonly token: string) {}
  async getToken(scopes: string | string[], options?: { tenantId?: string }) {
    this.calls.push({ scopes, tenantId: options?.tenantId });
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

before(async () => {
  acr = await startAcrServer({ aadTokens: { [AAD_TOKEN]: 'user@example.com' }, anonymousPull: true });
});

after(async () => {
  await acr?.close();
});

function azureClient(credential: FakeCredential, log?: LogSink): RegistryClient {
  return new RegistryClient({ host: acr.host, auth: { kind: 'azure', credential, tenantId: 'tenant-1' } }, { log });
}

async function pushImage(c: RegistryClient, repository: string, tags: string[], label: string): Promise<string> {
  const image = buildImage({ label });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await c.uploadBlob(repository, blob.bytes);
  for (const tag of tags) await c.putManifest(repository, image.manifest.bytes, { reference: tag });
  return image.manifest.digest;
}

test('Entra token is exchanged once for a refresh token, then access tokens per scope', async () => {
  const credential = new FakeCredential(AAD_TOKEN);
  const lines: string[] = [];
  const c = azureClient(credential, (_level, _component, message) => lines.push(message));
  const digest = await pushImage(c, 'azure/app', ['v1', 'v2'], 'acr');
  assert.equal((await c.getManifest('azure/app', 'v1')).digest, digest);
  const exchanges = acr.requests.filter((r) => r.path === '/oauth2/exchange');
  assert.equal(exchanges.length, 1, 'the refresh token is cached');
  assert.equal(exchanges[0].status, 200);
  assert.equal(exchanges[0].tenant, 'tenant-1');
  assert.deepEqual(credential.calls, [{ scopes: DEFAULT_ACR_SCOPE, tenantId: 'tenant-1' }]);
  const accessRequests = acr.requests.filter((r) => r.path === '/oauth2/token');
  assert.ok(accessRequests.length >= 1 && accessRequests.every((r) => r.method === 'POST' && r.grantType === 'refresh_token'));
  assert.ok(!lines.join('\n').includes(AAD_TOKEN), 'Entra token not logged');
});

test('ACR listings: catalog, tags with times and digests (paged by Link), manifests with tags', async () => {
  const c = azureClient(new FakeCredential(AAD_TOKEN));
  const digest = await pushImage(c, 'azure/listing', ['a', 'b', 'c'], 'listing');
  const repositories = await c.listRepositories();
  assert.ok(repositories.items.some((r) => r.name === 'azure/listing'));
  const first = await c.listTags('azure/listing', { pageSize: 2 });
  assert.deepEqual(first.items.map((t) => t.name), ['a', 'b']);
  assert.ok(first.next, 'a Link to the next page');
  assert.equal(first.items[0].digest, digest);
  assert.ok(first.items[0].createdOn && !Number.isNaN(Date.parse(first.items[0].createdOn)));
  const second = await c.listTags('azure/listing', { pageSize: 2, cursor: first.next });
  assert.deepEqual(second.items.map((t) => t.name), ['c']);
  assert.equal(second.next, undefined);
  const manifests = await c.listManifests('azure/listing');
  const entry = manifests.items.find((m) => m.digest === digest);
  assert.ok(entry, 'pushed manifest listed');
  assert.deepEqual(entry.tags?.sort(), ['a', 'b', 'c']);
  assert.equal(entry.architecture, 'amd64');
  assert.equal(entry.os, 'linux');
  const metadataScopes = acr.requests.filter((r) => r.path === '/oauth2/token').flatMap((r) => r.scopes ?? []);
  assert.ok(metadataScopes.includes('repository:azure/listing:metadata_read'), 'token asked for ACR metadata_read');
});

test('an Entra token ACR does not accept gives UnauthorizedError without the token', async () => {
  const c = azureClient(new FakeCredential('unknown-entra-token'));
  await assert.rejects(c.getManifest('azure/app', 'v1'), (error: unknown) => {
    assert.ok(error instanceof UnauthorizedError, String(error));
    assert.ok(!`${error.message}${error.stack}`.includes('unknown-entra-token'));
    return true;
  });
});

test('anonymous pull uses an anonymous token; anonymous push is refused with a sign-in hint', async () => {
  const writer = azureClient(new FakeCredential(AAD_TOKEN));
  const digest = await pushImage(writer, 'public/app', ['latest'], 'public');
  const anonymous = new RegistryClient({ host: acr.host, auth: { kind: 'anonymous' } });
  const before = acr.requests.length;
  assert.equal((await anonymous.getManifest('public/app', 'latest')).digest, digest);
  const tokenRequests = acr.requests.slice(before).filter((r) => r.path === '/oauth2/token');
  assert.deepEqual(tokenRequests.map((r) => [r.method, r.scopes]), [['GET', ['repository:public/app:pull']]]);
  await assert.rejects(anonymous.uploadBlob('public/app', Buffer.from('x')), (error: unknown) => error instanceof UnauthorizedError && /sign in/.test(error.message));
});

test('deleting a tag through ACR leaves the manifest and its other tags', async () => {
  const c = azureClient(new FakeCredential(AAD_TOKEN));
  const digest = await pushImage(c, 'azure/delete', ['keep', 'drop'], 'delete');
  await c.deleteTag('azure/delete', 'drop');
  assert.deepEqual((await c.listTags('azure/delete')).items.map((t) => t.name), ['keep']);
  assert.equal((await c.getManifest('azure/delete', digest)).digest, digest);
});

test('the Entra token is exchanged at the registry itself, not at the host the realm names', async () => {
  const elsewhere = await startAcrServer({ aadTokens: { [AAD_TOKEN]: 'user@example.com' }, realmListenHost: '127.0.0.1' });
  try {
    const c = new RegistryClient({ host: elsewhere.host, auth: { kind: 'azure', credential: new FakeCredential(AAD_TOKEN) } });
    await pushImage(c, 'azure/exchange', ['v1'], 'exchange-host');
    const exchanges = elsewhere.requests.filter((r) => r.path === '/oauth2/exchange');
    assert.deepEqual(exchanges.map((r) => [r.server, r.status]), [['login', 200]]);
    assert.ok(elsewhere.requests.some((r) => r.path === '/oauth2/token' && r.server === 'realm'), 'access tokens come from the realm');
  } finally {
    await elsewhere.close();
  }
});

test('an Azure sign-in is refused when the realm is on another host, even a trusted one; nothing is sent', async () => {
  const elsewhere = await startAcrServer({ aadTokens: { [AAD_TOKEN]: 'user@example.com' }, realmListenHost: '127.0.0.2' });
  try {
    const credential = new FakeCredential(AAD_TOKEN);
    const c = new RegistryClient({ host: elsewhere.host, trustedRealmHosts: ['127.0.0.2'], auth: { kind: 'azure', credential } });
    await assert.rejects(c.getManifest('azure/app', 'v1'), (error: unknown) => {
      assert.ok(error instanceof RegistryError, String(error));
      assert.match(error.message, new RegExp(`${elsewhere.host.replace(/\./g, '\\.')}.*127\\.0\\.0\\.2`));
      return true;
    });
    assert.deepEqual(credential.calls, [], 'no Entra token was even asked for');
    assert.deepEqual(elsewhere.requests.filter((r) => r.path.startsWith('/oauth2/')), []);
  } finally {
    await elsewhere.close();
  }
});
