// Docker config parsing and credential helpers, with a fake `docker-credential-test` on PATH.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialFromDockerConfig, configKeyHost } from '../../src/registry/auth/dockerConfig';
import { runCredentialHelper } from '../../src/registry/auth/credentialHelper';

let dir: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crx-dockercfg-'));
  // The helper answers from its stdin: a known host, an identity-token host, a missing entry, and a hang.
  const script = `#!/bin/sh
read server
case "$server" in
  helper.example) echo '{"ServerURL":"helper.example","Username":"bob","Secret":"helper-secret"}' ;;
  idtoken.example) echo '{"ServerURL":"idtoken.example","Username":"<token>","Secret":"refresh-xyz"}' ;;
  slow.example) sleep 5 ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`;
  await writeFile(join(dir, 'docker-credential-test'), script);
  await chmod(join(dir, 'docker-credential-test'), 0o755);
  env = { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}`, DOCKER_CONFIG: dir };
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeConfig(config: unknown): Promise<void> {
  await writeFile(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
}

test('configKeyHost normalises the keys Docker writes', () => {
  assert.equal(configKeyHost('https://index.docker.io/v1/'), 'registry-1.docker.io');
  assert.equal(configKeyHost('http://Localhost:5000'), 'localhost:5000');
  assert.equal(configKeyHost('myreg.azurecr.io'), 'myreg.azurecr.io');
});

test('inline auths: base64 auth, username/password, identitytoken, Docker Hub key', async () => {
  await writeConfig({
    auths: {
      'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hub:pass').toString('base64') },
      'localhost:5000': { username: 'u', password: 'p' },
      'https://myreg.azurecr.io': { username: '00000000-0000-0000-0000-000000000000', identitytoken: 'idt' },
    },
  });
  assert.deepEqual(await credentialFromDockerConfig('docker.io', { env }), { kind: 'basic', username: 'hubuser', password: 'hub:pass' });
  assert.deepEqual(await credentialFromDockerConfig('localhost:5000', { env }), { kind: 'basic', username: 'u', password: 'p' });
  assert.deepEqual(await credentialFromDockerConfig('myreg.azurecr.io', { env }), { kind: 'refreshToken', token: 'idt', username: '00000000-0000-0000-0000-000000000000' });
  assert.deepEqual(await credentialFromDockerConfig('other.example', { env }), { kind: 'anonymous' });
});

test('credHelpers and credsStore run the helper; identity tokens and missing entries', async () => {
  await writeConfig({ credHelpers: { 'idtoken.example': 'test' }, credsStore: 'test', auths: { 'fallback.example': { auth: Buffer.from('f:g').toString('base64') } } });
  assert.deepEqual(await credentialFromDockerConfig('helper.example', { env }), { kind: 'basic', username: 'bob', password: 'helper-secret' });
  assert.deepEqual(await credentialFromDockerConfig('idtoken.example', { env }), { kind: 'refreshToken', token: 'refresh-xyz' });
  assert.deepEqual(await credentialFromDockerConfig('nothing.example', { env }), { kind: 'anonymous' });
  assert.deepEqual(await credentialFromDockerConfig('fallback.example', { env }), { kind: 'basic', username: 'f', password: 'g' });
});

test('a missing helper binary, a slow helper and a broken config give clear errors', async () => {
  await writeConfig({ credsStore: 'does-not-exist' });
  await assert.rejects(credentialFromDockerConfig('x.example', { env }), /docker-credential-does-not-exist was not found on PATH/);
  await assert.rejects(runCredentialHelper('test', 'slow.example', { env, timeoutMs: 200 }), /did not answer within 200 ms/);
  await assert.rejects(runCredentialHelper('../evil', 'x', { env }), /invalid docker credential helper name/);
  await writeConfig('{"auths": {"x": {"auth": "c2VjcmV0"}}');
  await assert.rejects(credentialFromDockerConfig('x', { env }), (e: unknown) => e instanceof Error && /not valid JSON/.test(e.message) && !e.message.includes('c2VjcmV0'));
  await rm(join(dir, 'config.json'));
  assert.deepEqual(await credentialFromDockerConfig('x.example', { env }), { kind: 'anonymous' });
});

test('a docker config path given on purpose must exist; the default location may be absent', async () => {
  const missing = join(dir, 'no-such-config.json');
  await assert.rejects(credentialFromDockerConfig('ghcr.io', { configPath: missing, env }), /no-such-config\.json does not exist/);
  const empty = await mkdtemp(join(tmpdir(), 'crx-dockercfg-none-'));
  try {
    assert.deepEqual(await credentialFromDockerConfig('ghcr.io', { env: { ...env, DOCKER_CONFIG: empty } }), { kind: 'anonymous' });
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
});
