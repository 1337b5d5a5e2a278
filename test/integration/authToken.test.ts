// Token auth (Docker token spec) against a real docker-registry 2.8.2 trusting our test token server,
// driven through the real RegistryClient: scopes, cache reuse, mounts, insufficient_scope, wrong password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { ForbiddenError, UnauthorizedError } from '../../src/registry/errors';
import type { AuthConfig, LogSink } from '../../src/registry/types';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { startTokenServer, type RunningTokenServer } from '../harness/tokenServer';
import { buildImage, imageBlobs } from '../harness/fixtures';

const PASSWORD = 'alice-Secret-42';
let tokens: RunningTokenServer;
let registry: RunningRegistry;
let logLines: string[];

before(async () => {
  tokens = await startTokenServer({
    users: { alice: PASSWORD, reader: 'reader-pass' },
    // `reader` may only pull; everybody else gets what they ask for.
    grant: (subject, requested) =>
      subject === '' ? [] : subject === 'reader' ? requested.map((a) => ({ ...a, actions: a.actions.filter((x) => x === 'pull') })) : requested,
  });
  registry = await startRegistry({ auth: { kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } });
});

after(async () => {
  await registry?.close();
  await tokens?.close();
});

function client(auth: AuthConfig): RegistryClient {
  logLines = [];
  const log: LogSink = (level, component, message) => logLines.push(`${level} ${component} ${message}`);
  return new RegistryClient({ host: registry.host, auth }, { log });
}

async function pushImage(c: RegistryClient, repository: string, tag: string, label: string): Promise<string> {
  const image = buildImage({ label });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await c.uploadBlob(repository, blob.bytes);
  return (await c.putManifest(repository, image.manifest.bytes, { reference: tag })).digest;
}

test('push and pull with bearer tokens; tokens are reused per scope', async () => {
  const c = client({ kind: 'basic', username: 'alice', password: PASSWORD });
  await c.ping();
  const digest = await pushImage(c, 'team/app', 'v1', 'token-flow');
  const before = tokens.requests.length;
  for (let i = 0; i < 3; i++) assert.equal((await c.getManifest('team/app', 'v1')).digest, digest);
  assert.ok(tokens.requests.length - before <= 1, `pulls reuse one token (got ${tokens.requests.length - before} token requests)`);
  const again = tokens.requests.length;
  await c.getManifest('team/app', digest);
  await c.headManifest('team/app', 'v1');
  assert.equal(tokens.requests.length, again, 'no new token for the same pull scope');
  assert.deepEqual((await c.listTags('team/app')).items.map((t) => t.name), ['v1']);
  assert.ok((await c.listRepositories()).items.some((r) => r.name === 'team/app'));
  assert.ok(tokens.requests.every((r) => r.status === 200));
  assert.ok(tokens.requests.some((r) => r.scopes.includes('registry:catalog:*')));
  assert.doesNotMatch(logLines.join('\n'), new RegExp(`${PASSWORD}|eyJ`), 'no password or JWT in log lines');
});

test('a cross-repository mount asks for push on the target and pull on the source in one token request', async () => {
  const c = client({ kind: 'basic', username: 'alice', password: PASSWORD });
  const image = buildImage({ label: 'mount-source' });
  const layer = image.layers[0];
  await c.uploadBlob('mount/src', layer.bytes);
  const before = tokens.requests.length;
  await c.uploadBlob('mount/dst', layer.bytes, { mountFrom: 'mount/src', expectedDigest: layer.digest });
  const merged = tokens.requests.slice(before).find((r) => r.scopes.includes('repository:mount/src:pull'));
  assert.ok(merged, `a token request named the source repository: ${JSON.stringify(tokens.requests.slice(before))}`);
  assert.ok(merged.scopes.includes('repository:mount/dst:pull,push'));
  assert.ok(await c.blobExists('mount/dst', layer.digest));
});

test('insufficient_scope becomes ForbiddenError naming the missing scope', async () => {
  const writer = client({ kind: 'basic', username: 'alice', password: PASSWORD });
  await pushImage(writer, 'readonly/app', 'v1', 'readonly');
  const reader = client({ kind: 'basic', username: 'reader', password: 'reader-pass' });
  await reader.getManifest('readonly/app', 'v1');
  await assert.rejects(reader.uploadBlob('readonly/app', Buffer.from('not allowed')), (error: unknown) => {
    assert.ok(error instanceof ForbiddenError, String(error));
    assert.match(error.message, /repository:readonly\/app:pull,push/);
    assert.equal(error.scope, 'repository:readonly/app:pull,push');
    return true;
  });
});

test('a wrong password gives UnauthorizedError without the password anywhere', async () => {
  const wrong = 'not-the-Password-99';
  const c = client({ kind: 'basic', username: 'alice', password: wrong });
  await assert.rejects(c.getManifest('team/app', 'v1'), (error: unknown) => {
    assert.ok(error instanceof UnauthorizedError, String(error));
    assert.match(error.message, /refused user "alice"/);
    const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${logLines.join('\n')}`;
    assert.ok(!everything.includes(wrong), 'password leaked');
    assert.ok(!everything.includes(Buffer.from(`alice:${wrong}`).toString('base64')), 'basic header leaked');
    return true;
  });
});

test('anonymous access to a private registry asks to sign in', async () => {
  const c = client({ kind: 'anonymous' });
  await assert.rejects(c.getManifest('team/app', 'v1'), (error: unknown) => error instanceof UnauthorizedError && /sign in/.test(error.message));
});

test('an identity token is exchanged with POST grant_type=refresh_token', async () => {
  const refresh = tokens.issueRefreshToken('alice');
  const c = client({ kind: 'token', token: refresh });
  const before = tokens.requests.length;
  await c.getManifest('team/app', 'v1');
  const used = tokens.requests.slice(before);
  assert.deepEqual(used.map((r) => [r.method, r.grantType, r.subject]), [['POST', 'refresh_token', 'alice']]);
});

test('credentials from a docker config.json', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crx-dockercfg-it-'));
  try {
    const configPath = join(dir, 'config.json');
    await writeFile(configPath, JSON.stringify({ auths: { [`http://${registry.host}`]: { auth: Buffer.from(`alice:${PASSWORD}`).toString('base64') } } }));
    const c = client({ kind: 'dockerConfig', configPath });
    assert.ok((await c.getManifest('team/app', 'v1')).digest.startsWith('sha256:'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a token service that only takes POST gets the OAuth2 password grant', async () => {
  const postOnly = await startTokenServer({ users: { alice: PASSWORD }, postOnly: true });
  const other = await startRegistry({ auth: { kind: 'token', realm: postOnly.realm, service: postOnly.service, issuer: postOnly.issuer, rootCertBundle: postOnly.certPath } });
  try {
    const c = new RegistryClient({ host: other.host, auth: { kind: 'basic', username: 'alice', password: PASSWORD } });
    await c.ping();
    assert.deepEqual(postOnly.requests.map((r) => [r.method, r.grantType, r.status]), [['GET', undefined, 405], ['POST', 'password', 200]]);
  } finally {
    await other.close();
    await postOnly.close();
  }
});

test('parallel requests of a fresh client share one token request', async () => {
  const slow = await startTokenServer({ users: { alice: PASSWORD }, delayMs: 150 });
  const other = await startRegistry({ auth: { kind: 'token', realm: slow.realm, service: slow.service, issuer: slow.issuer, rootCertBundle: slow.certPath } });
  try {
    const c = new RegistryClient({ host: other.host, auth: { kind: 'basic', username: 'alice', password: PASSWORD } });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => c.listTags('nothing/here')));
    // The repository does not exist: every call fails with 404 after authenticating, none with 401.
    assert.ok(results.every((r) => r.status === 'rejected' && (r.reason as { status?: number }).status === 404), JSON.stringify(results.map((r) => r.status)));
    assert.equal(slow.requests.length, 1);
  } finally {
    await other.close();
    await slow.close();
  }
});

test('token auth in front of a TLS registry with a private CA', async () => {
  const tls = await startRegistry({ tls: true, auth: { kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } });
  try {
    const { readFile } = await import('node:fs/promises');
    const ca = await readFile(tls.caCertPath as string, 'utf8');
    const c = new RegistryClient({ host: tls.host, scheme: 'https', caCertificates: [ca], auth: { kind: 'basic', username: 'alice', password: PASSWORD } });
    const digest = await pushImage(c, 'tls/app', 'v1', 'tls');
    assert.equal((await c.getManifest('tls/app', 'v1')).digest, digest);
  } finally {
    await tls.close();
  }
});
