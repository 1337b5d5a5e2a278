// A registry whose token service is on another host (registry on 127.0.0.1, token server on
// 127.0.0.2), driven through the `crx` CLI: no credential of any kind reaches the other host unless
// the user trusts it with --trust-realm.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { buildCli, crx } from '../harness/crxProcess';
import { buildImage, imageBlobs } from '../harness/fixtures';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { startTokenServer, type RunningTokenServer } from '../harness/tokenServer';

const PASSWORD = 'realm-Secret-31';
const REALM_HOST = '127.0.0.2';
let tokens: RunningTokenServer;
let registry: RunningRegistry;
let manifest: Buffer;
let work: string;

before(async () => {
  await buildCli();
  tokens = await startTokenServer({ users: { alice: PASSWORD }, listenHost: REALM_HOST });
  registry = await startRegistry({ auth: { kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } });
  const seeder = new RegistryClient({ host: registry.host, trustedRealmHosts: [REALM_HOST], auth: { kind: 'basic', username: 'alice', password: PASSWORD } });
  const image = buildImage({ label: 'realm' });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await seeder.uploadBlob('realm/app', blob.bytes);
  await seeder.putManifest('realm/app', image.manifest.bytes, { reference: 'v1' });
  manifest = image.manifest.bytes;
  work = await mkdtemp(join(tmpdir(), 'crx-realm-'));
});

after(async () => {
  await registry?.close();
  await tokens?.close();
  await rm(work, { recursive: true, force: true });
});

/** The three ways the CLI gets credentials: password, a token alone, a Docker config. */
async function credentialCases(): Promise<Array<{ name: string; args: string[]; input?: string; env?: NodeJS.ProcessEnv }>> {
  const home = join(work, 'home');
  await mkdir(join(home, '.docker'), { recursive: true });
  await writeFile(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`alice:${PASSWORD}`).toString('base64') } } }));
  return [
    { name: 'username and password', args: ['--username', 'alice', '--password-stdin'], input: PASSWORD },
    { name: 'a token alone', args: ['--password-stdin'], input: tokens.issueRefreshToken('alice') },
    { name: 'a Docker config', args: [], env: { ...process.env, HOME: home, DOCKER_CONFIG: '' } },
  ];
}

test('credentials are not sent to a token service on another host: exit 1 naming both hosts', async () => {
  for (const c of await credentialCases()) {
    const before = tokens.requests.length;
    const result = await crx(['manifest', `${registry.host}/realm/app:v1`, ...c.args], { input: c.input, env: c.env });
    assert.equal(result.code, 1, `${c.name}: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`${registry.host.replace(/\./g, '\\.')}.*127\\.0\\.0\\.2.*--trust-realm 127\\.0\\.0\\.2`), c.name);
    assert.deepEqual(tokens.requests.slice(before), [], `${c.name}: the token service on ${REALM_HOST} received a request`);
    assert.ok(!result.stderr.includes(PASSWORD), c.name);
  }
});

test('--trust-realm lets the credentials go to that host, and the command works', async () => {
  for (const c of await credentialCases()) {
    const before = tokens.requests.length;
    const result = await crx(['manifest', `${registry.host}/realm/app:v1`, '--trust-realm', REALM_HOST, ...c.args], { input: c.input, env: c.env });
    assert.equal(result.code, 0, `${c.name}: ${result.stderr}`);
    assert.ok(result.stdout.equals(manifest), c.name);
    const used = tokens.requests.slice(before);
    assert.ok(used.length > 0 && used.every((r) => r.subject === 'alice' && r.status === 200), `${c.name}: ${JSON.stringify(used)}`);
  }
});

test('anonymous token requests may still go to the other host', async () => {
  const before = tokens.requests.length;
  const result = await crx(['manifest', `${registry.host}/realm/app:v1`]);
  // The token server grants nothing to anonymous users: the registry then asks to sign in.
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /sign in/);
  assert.deepEqual(tokens.requests.slice(before).map((r) => [r.hadBasic, r.hadSecretField ?? false, r.subject]), [[false, false, '']]);
});

test('--trust-realm with a port, a URL or nothing is a usage error (exit 2) that says to give the host alone', async () => {
  for (const value of [`${REALM_HOST}:${new URL(tokens.url).port}`, `http://${REALM_HOST}`, '']) {
    const before = tokens.requests.length;
    const result = await crx(['manifest', `${registry.host}/realm/app:v1`, '--username', 'alice', '--password-stdin', '--trust-realm', value], { input: PASSWORD });
    assert.equal(result.code, 2, `${JSON.stringify(value)}: ${result.stderr}`);
    assert.match(result.stderr, /--trust-realm takes a host name alone \(no scheme, port or path\)/, value);
    assert.deepEqual(tokens.requests.slice(before), [], value);
  }
});
