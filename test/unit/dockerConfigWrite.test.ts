// Writing an identity token into Docker's config: a new file readable by its owner only, every
// other key of an existing file kept, a broken file left alone, a credential helper used where the
// config names one; and the project's own reader finds the token again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialFromDockerConfig } from '../../src/registry/auth/dockerConfig';
import { IDENTITY_TOKEN_USERNAME, dockerLoginTarget, writeDockerIdentityToken } from '../../src/registry/auth/dockerConfigWrite';

const HOST = 'myregistry.azurecr.io';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.refresh.token';
const USERNAME_AUTH = Buffer.from(`${IDENTITY_TOKEN_USERNAME}:`).toString('base64');
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crx-dockerlogin-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('a missing config is created (with its folder) holding only this sign-in, mode 0600', async () => {
  const env = { DOCKER_CONFIG: join(dir, 'new', 'docker') };
  const target = await writeDockerIdentityToken(HOST, TOKEN, { env });
  const path = join(dir, 'new', 'docker', 'config.json');
  assert.deepEqual(target, { kind: 'file', path });
  assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { auths: { [HOST]: { auth: USERNAME_AUTH, identitytoken: TOKEN } } });
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.equal(USERNAME_AUTH, 'MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==');
  assert.deepEqual(await credentialFromDockerConfig(HOST, { env }), { kind: 'refreshToken', token: TOKEN, username: undefined });
});

test('an existing config keeps every other key, its other registries and its mode; the entry for this host is replaced', async () => {
  const path = join(dir, 'existing.json');
  const before = {
    auths: { 'https://MyRegistry.azurecr.io/v1/': { auth: 'b2xkOnBhc3N3b3Jk', email: 'x@example.com' }, 'other.example': { auth: 'dXNlcjpwYXNz' } },
    HttpHeaders: { 'User-Agent': 'Docker-Client' },
    detachKeys: 'ctrl-e,e',
  };
  await writeFile(path, JSON.stringify(before));
  await chmod(path, 0o644);
  await writeDockerIdentityToken(HOST, TOKEN, { configPath: path });
  const after = JSON.parse(await readFile(path, 'utf8')) as typeof before;
  assert.deepEqual(after, { ...before, auths: { 'https://MyRegistry.azurecr.io/v1/': { auth: USERNAME_AUTH, identitytoken: TOKEN }, 'other.example': before.auths['other.example'] } });
  assert.equal((await stat(path)).mode & 0o777, 0o644);
  assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp')), []);
});

test('a config that is not valid JSON is refused and left exactly as it was, without quoting it', async () => {
  const path = join(dir, 'broken.json');
  const text = '{"auths": {"x": {"auth": "c2VjcmV0LXZhbHVl"}},';
  await writeFile(path, text);
  await assert.rejects(writeDockerIdentityToken(HOST, TOKEN, { configPath: path }), (error: Error) => {
    assert.match(error.message, /is not valid JSON .*it was left unchanged/);
    assert.ok(!error.message.includes('c2VjcmV0'));
    return true;
  });
  assert.equal(await readFile(path, 'utf8'), text);
  await writeFile(path, '[1, 2]');
  await assert.rejects(writeDockerIdentityToken(HOST, TOKEN, { configPath: path }), /is not a JSON object/);
  assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp')), []);
});

test('a symbolic link to the config is followed: the file it points to is replaced, the link stays', async () => {
  const real = join(dir, 'real-config.json');
  const link = join(dir, 'linked-config.json');
  await writeFile(real, '{"credsStore": ""}');
  await symlink(real, link);
  await writeDockerIdentityToken(HOST, TOKEN, { configPath: link });
  assert.deepEqual(JSON.parse(await readFile(real, 'utf8')), { credsStore: '', auths: { [HOST]: { auth: USERNAME_AUTH, identitytoken: TOKEN } } });
  assert.ok((await readFile(link, 'utf8')).includes(TOKEN));
});

test('where the config names a credential helper for the host, the token goes to it as Docker stores identity tokens', async () => {
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const received = join(dir, 'helper-received.json');
  await writeFile(join(bin, 'docker-credential-crxtest'), `#!/bin/sh\n[ "$1" = store ] || exit 3\ncat > "${received}"\n`);
  await chmod(join(bin, 'docker-credential-crxtest'), 0o755);
  const configDir = join(dir, 'with-helper');
  await mkdir(configDir);
  const text = JSON.stringify({ credsStore: 'missing-helper', credHelpers: { [HOST]: 'crxtest' } });
  await writeFile(join(configDir, 'config.json'), text);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, DOCKER_CONFIG: configDir };
  assert.deepEqual(await dockerLoginTarget(HOST, { env }), { kind: 'helper', helper: 'crxtest', path: join(configDir, 'config.json') });
  await writeDockerIdentityToken(HOST, TOKEN, { env });
  assert.deepEqual(JSON.parse(await readFile(received, 'utf8')), { ServerURL: HOST, Username: '<token>', Secret: TOKEN });
  assert.equal(await readFile(join(configDir, 'config.json'), 'utf8'), text, 'the file itself is not changed');
  // A helper that fails is reported without the token.
  await writeFile(join(configDir, 'config.json'), JSON.stringify({ credsStore: 'crxtest-absent' }));
  await assert.rejects(writeDockerIdentityToken(HOST, TOKEN, { env }), (error: Error) => !error.message.includes(TOKEN) && /docker-credential-crxtest-absent was not found/.test(error.message));
});
