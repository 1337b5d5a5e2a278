// probeRegistry against real docker-registry 2.8.2 in each of its sign-in modes, and `crx probe`:
// what answered, the API version it states, how it wants clients to sign in, and whether the
// catalog may be listed by whoever probes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProbe, probeRegistry } from '../../src/registry/probe';
import { startAcrServer } from '../harness/acrServer';
import { closedPort } from '../harness/closedPort';
import { buildCli, crx } from '../harness/crxProcess';
import { sendJson, startFaultServer } from '../harness/faultServer';
import { startRegistry } from '../harness/registryServer';
import { startTokenServer, type AccessEntry } from '../harness/tokenServer';

before(buildCli);

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

async function tokenRegistry(grant?: (subject: string, requested: AccessEntry[]) => AccessEntry[]) {
  const tokens = await startTokenServer({ users: { alice: 'alice-pass' }, grant });
  closers.push(() => tokens.close());
  const registry = await startRegistry({ auth: { kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } });
  closers.push(() => registry.close());
  return { tokens, registry };
}

test('no auth: API version registry/2.0, no sign-in, the catalog may be listed', async () => {
  const registry = await startRegistry();
  closers.push(() => registry.close());
  const result = await probeRegistry(registry.url);
  assert.deepEqual(result, { baseUrl: registry.url, apiVersion: 'registry/2.0', signIn: { kind: 'none' }, catalog: { access: 'listable', status: 200 } });
  assert.deepEqual(describeProbe(result), [
    `${registry.url} answers as a registry`, 'API version: registry/2.0', 'Sign-in: none (anonymous access)', 'Catalog: may be listed',
  ]);
});

test('basic auth (htpasswd): Basic sign-in; the catalog needs it, and is listable with the right password', async () => {
  const registry = await startRegistry({ auth: { kind: 'htpasswd', users: { alice: 'alice-pass' } } });
  closers.push(() => registry.close());
  const anonymous = await probeRegistry(registry.host);
  assert.deepEqual(anonymous.signIn, { kind: 'basic', realm: 'crx-test' });
  assert.equal(anonymous.catalog.access, 'signInNeeded');
  const signedIn = await probeRegistry(registry.host, { endpoint: { auth: { kind: 'basic', username: 'alice', password: 'alice-pass' } } });
  assert.deepEqual(signedIn.catalog, { access: 'listable', status: 200 });
  const wrong = await probeRegistry(registry.host, { endpoint: { auth: { kind: 'basic', username: 'alice', password: 'nope' } } });
  assert.equal(wrong.catalog.access, 'signInNeeded');
  assert.match(wrong.catalog.detail ?? '', /rejected/);
});

test('token auth: a bearer token from the token service\'s host; the catalog for a signed-in user', async () => {
  const { tokens, registry } = await tokenRegistry();
  const anonymous = await probeRegistry(registry.host);
  assert.deepEqual(anonymous.signIn, { kind: 'bearer', realmHost: new URL(tokens.realm).host, service: tokens.service });
  assert.equal(anonymous.catalog.access, 'signInNeeded');
  const signedIn = await probeRegistry(registry.host, { endpoint: { auth: { kind: 'basic', username: 'alice', password: 'alice-pass' } } });
  assert.deepEqual(signedIn.catalog, { access: 'listable', status: 200 });
  assert.match(describeProbe(signedIn)[2], new RegExp(`^Sign-in: bearer token from ${new URL(tokens.realm).host.replace(/\./g, '\\.')} \\(service "${tokens.service}"\\)$`));
});

test('a closed catalog: the token service grants repositories but never registry:catalog:*', async () => {
  const { registry } = await tokenRegistry((_subject, requested) => requested.filter((entry) => entry.type === 'repository'));
  const result = await probeRegistry(registry.host, { endpoint: { auth: { kind: 'basic', username: 'alice', password: 'alice-pass' } } });
  assert.equal(result.catalog.access, 'forbidden', JSON.stringify(result.catalog));
  assert.match(describeProbe(result)[3], /^Catalog: not allowed \(HTTP 403\): add repositories by name$/);
});

test('ACR: its challenge names its own /oauth2/token, so the sign-in is Entra ID, a token or the admin user', async () => {
  const acr = await startAcrServer({ users: { admin: 'admin-pass' } });
  closers.push(() => acr.close());
  const result = await probeRegistry(acr.host);
  assert.deepEqual(result.signIn, { kind: 'acr' });
});

test('nothing listening, or a web server without /v2/: the probe fails with the transport\'s error', async () => {
  await assert.rejects(probeRegistry(`127.0.0.1:${await closedPort()}`), (error: { code?: string; cause?: { code?: string } }) => (error.cause?.code ?? error.code) === 'ECONNREFUSED');
  const web = await startFaultServer((_request, response) => sendJson(response, 404, { message: 'no' }));
  closers.push(() => web.close());
  await assert.rejects(probeRegistry(web.host), /answered GET \/v2\/ with HTTP 404: no registry API there/);
});

test('crx probe prints what it found; a refused port is a plain error (exit 1)', async () => {
  const { tokens, registry } = await tokenRegistry();
  const result = await crx(['probe', registry.host, '--username', 'alice', '--password-stdin'], { input: 'alice-pass' });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.toString(), [
    `http://${registry.host} answers as a registry`,
    'API version: registry/2.0',
    `Sign-in: bearer token from ${new URL(tokens.realm).host} (service "${tokens.service}")`,
    'Catalog: may be listed',
    '',
  ].join('\n'));
  const refused = await crx(['probe', '127.0.0.1:1']);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, 'crx probe: Nothing is listening on 127.0.0.1:1 — is the registry running?\n');
});
