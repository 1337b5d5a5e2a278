import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guessScopes } from '../../src/registry/auth/scopes';
import { scopeFromAudience, resolveCredential } from '../../src/registry/auth/credentials';
import { DEFAULT_ACR_SCOPE } from '../../src/registry/acr';
import { jwtExpiryMs } from '../../src/registry/auth/jwt';

test('guessScopes maps registry paths and methods to the scopes a registry will ask for', () => {
  const base = 'https://r.example';
  assert.deepEqual(guessScopes('GET', `${base}/v2/a/b/manifests/latest`), ['repository:a/b:pull']);
  assert.deepEqual(guessScopes('HEAD', `${base}/v2/a/blobs/sha256:x`), ['repository:a:pull']);
  assert.deepEqual(guessScopes('PUT', `${base}/v2/a/manifests/1`), ['repository:a:pull,push']);
  assert.deepEqual(guessScopes('PATCH', `${base}/v2/a/blobs/uploads/uuid?_state=x`), ['repository:a:pull,push']);
  assert.deepEqual(guessScopes('DELETE', `${base}/v2/a/manifests/sha256:x`), ['repository:a:delete']);
  assert.deepEqual(guessScopes('GET', `${base}/v2/_catalog?n=10`), ['registry:catalog:*']);
  assert.deepEqual(guessScopes('GET', `${base}/acr/v1/team%2Fapp/_tags?n=2`), ['repository:team/app:metadata_read']);
  assert.deepEqual(guessScopes('DELETE', `${base}/acr/v1/app/_tags/old`), ['repository:app:delete']);
  // Repositories whose own components are route words.
  assert.deepEqual(guessScopes('GET', `${base}/v2/soak/blobs/blobs/sha256:x`), ['repository:soak/blobs:pull']);
  assert.deepEqual(guessScopes('GET', `${base}/v2/x/manifests/manifests/v1`), ['repository:x/manifests:pull']);
  assert.deepEqual(guessScopes('POST', `${base}/v2/a/blobs/uploads/`), ['repository:a:pull,push']);
  assert.deepEqual(guessScopes('GET', `${base}/v2/tags/tags/list`), ['repository:tags:pull']);
  assert.deepEqual(guessScopes('GET', `${base}/v2/a/referrers/sha256:x`), ['repository:a:pull']);
  assert.deepEqual(guessScopes('GET', `${base}/v2/a/unknown/route`), []);
  assert.deepEqual(guessScopes('GET', `${base}/v2/`), []);
  assert.deepEqual(guessScopes('GET', 'not a url'), []);
  assert.deepEqual(guessScopes('GET', `${base}/v2/%E0%A4%A/tags/list`), []);
});

test('Azure audience: default ACR scope, audiences and full scopes accepted', () => {
  assert.equal(scopeFromAudience(undefined), DEFAULT_ACR_SCOPE);
  assert.equal(scopeFromAudience(''), DEFAULT_ACR_SCOPE);
  assert.equal(scopeFromAudience('https://management.usgovcloudapi.net/'), 'https://management.usgovcloudapi.net/.default');
  assert.equal(scopeFromAudience('https://containerregistry.azure.net/.default'), 'https://containerregistry.azure.net/.default');
});

test('resolveCredential maps each AuthConfig kind', async () => {
  const host = 'r.example';
  assert.deepEqual(await resolveCredential({ host, auth: { kind: 'anonymous' } }), { kind: 'anonymous' });
  assert.deepEqual(await resolveCredential({ host, auth: { kind: 'basic', username: 'u', password: 'p' } }), { kind: 'basic', username: 'u', password: 'p' });
  assert.deepEqual(await resolveCredential({ host, auth: { kind: 'token', token: 't' } }), { kind: 'refreshToken', token: 't', username: undefined, usableAsBearer: true });
  const credential = { getToken: async () => ({ token: 'x', expiresOnTimestamp: 0 }) };
  const azure = await resolveCredential({ host, auth: { kind: 'azure', credential, audience: 'https://management.azure.com', tenantId: 't' } });
  assert.deepEqual(azure, { kind: 'azure', credential, scope: 'https://management.azure.com/.default', tenantId: 't' });
  await assert.rejects(resolveCredential({ host, auth: { kind: 'azure', credential: {} } }), /TokenCredential/);
});

test('without a credential, Azure auth loads DefaultAzureCredential lazily', async () => {
  const resolved = await resolveCredential({ host: 'r.azurecr.io', auth: { kind: 'azure' } });
  assert.equal(resolved.kind, 'azure');
  assert.equal(typeof (resolved as { credential: { getToken: unknown } }).credential.getToken, 'function');
});

test('jwtExpiryMs reads exp without verifying, and tolerates junk', () => {
  const token = `x.${Buffer.from(JSON.stringify({ exp: 1700000000 })).toString('base64url')}.y`;
  assert.equal(jwtExpiryMs(token), 1_700_000_000_000);
  for (const junk of ['', 'a.b', 'a.!!!.c', `a.${Buffer.from('{"exp":"soon"}').toString('base64url')}.c`]) assert.equal(jwtExpiryMs(junk), undefined);
});
