// Deciding whether a registry is ACR must cost nothing on registries that are not: no token request
// (counted at the token server) against a real docker-registry in token mode, nor against a registry
// that challenges every unknown path as GHCR does; the ACR look-alike is still recognised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { startAcrServer } from '../harness/acrServer';
import { sendJson, startFaultServer } from '../harness/faultServer';
import { startRegistry } from '../harness/registryServer';
import { startTokenServer } from '../harness/tokenServer';
import { buildImage, imageBlobs } from '../harness/fixtures';

test('the ACR probe makes no token request on a docker-registry in token mode', async () => {
  const tokens = await startTokenServer({ users: { alice: 'alice-pass' } });
  const registry = await startRegistry({ auth: { kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } });
  try {
    const lines: string[] = [];
    const client = new RegistryClient({ host: registry.host, auth: { kind: 'basic', username: 'alice', password: 'alice-pass' } }, { log: (_l, c, m) => lines.push(`${c} ${m}`) });
    const image = buildImage({ label: 'probe' });
    for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await client.uploadBlob('team/app', blob.bytes);
    await client.putManifest('team/app', image.manifest.bytes, { reference: 'v1' });
    await client.listRepositories();
    // Every token this client will need for the tag list is cached now; what remains is the probe.
    await client.getManifest('team/app', 'v1');
    const before = tokens.requests.length;
    assert.deepEqual((await client.listTags('team/app')).items, [{ name: 'v1' }]);
    assert.deepEqual(tokens.requests.slice(before).map((r) => r.scopes), [], 'no token request while deciding ACR or not');
    assert.ok(lines.some((l) => l.startsWith('acr ') && l.includes('not Azure Container Registry')), lines.join('\n'));
  } finally {
    await registry.close();
    await tokens.close();
  }
});

test('a registry that challenges /acr/v1 for its own realm costs no token request either', async () => {
  const tokens = await startTokenServer({ users: { alice: 'alice-pass' } });
  const registry = await startFaultServer((request, response) => {
    if (request.url.startsWith('/v2/team/app/tags/list')) return sendJson(response, 200, { name: 'team/app', tags: ['v1'] });
    sendJson(response, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': `Bearer realm="${tokens.realm}",service="${tokens.service}",scope="registry:catalog:*"` });
  });
  try {
    const client = new RegistryClient({ host: registry.host, auth: { kind: 'basic', username: 'alice', password: 'alice-pass' } });
    assert.deepEqual((await client.listTags('team/app')).items, [{ name: 'v1' }]);
    assert.equal(tokens.requests.length, 0, 'no token request while deciding ACR or not');
    assert.ok(registry.requests.every((r) => r.headers.authorization === undefined), 'the probe went without credentials');
  } finally {
    await registry.close();
    await tokens.close();
  }
});

test('the ACR look-alike is recognised by its challenge, without credentials', async () => {
  const acr = await startAcrServer({ users: { admin: 'admin-pass' } });
  try {
    const client = new RegistryClient({ host: acr.host, auth: { kind: 'basic', username: 'admin', password: 'admin-pass' } });
    await client.listTags('nothing/here').catch(() => undefined);
    const probe = acr.requests.find((r) => r.path === '/acr/v1/_catalog');
    assert.equal(probe?.status, 401, 'the probe went without credentials');
    assert.ok(acr.requests.some((r) => r.path === '/acr/v1/nothing/here/_tags'), 'tags were listed through /acr/v1');
  } finally {
    await acr.close();
  }
});
