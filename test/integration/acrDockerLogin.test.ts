// Log in to Docker, below the UI: the registry's Entra sign-in exchanged for an ACR refresh token,
// written into a Docker config that skopeo (containers/image, Docker's config format) then uses to
// read from the ACR look-alike, which refuses anonymous access.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDockerIdentityToken } from '../../src/registry/auth/dockerConfigWrite';
import { RegistryClient } from '../../src/registry/client';
import { UnauthorizedError, UnsupportedError } from '../../src/registry/errors';
import { startAcrServer, type RunningAcr } from '../harness/acrServer';
import { buildImage, imageBlobs } from '../harness/fixtures';
import { runCommand } from '../harness/runCommand';

const ENTRA_TOKEN = 'entra-token-for-docker-login';
let acr: RunningAcr;
let dir: string;

before(async () => {
  acr = await startAcrServer({ aadTokens: { [ENTRA_TOKEN]: 'docker-user@example.com' } });
  dir = await mkdtemp(join(tmpdir(), 'crx-acr-docker-login-'));
});
after(async () => {
  await acr?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function entraClient(token: string): RegistryClient {
  const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
  return new RegistryClient({ host: acr.host, auth: { kind: 'azure', credential, tenantId: 'tenant-7' } });
}

test('the refresh token written to a Docker config lets skopeo read the registry; without it skopeo is refused', async () => {
  const client = entraClient(ENTRA_TOKEN);
  const image = buildImage({ label: 'docker-login' });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await client.uploadBlob('login/app', blob.bytes);
  await client.putManifest('login/app', image.manifest.bytes, { reference: '1.0' });

  const before = acr.requests.length;
  const refreshToken = await client.acrRefreshToken();
  const exchange = acr.requests.slice(before).filter((r) => r.path === '/oauth2/exchange');
  assert.deepEqual(exchange.map((r) => [r.grantType, r.tenant, r.status]), [['access_token', 'tenant-7', 200]]);
  const authfile = join(dir, 'docker', 'config.json');
  await writeDockerIdentityToken(acr.host, refreshToken, { configPath: authfile });
  assert.equal((await stat(authfile)).mode & 0o777, 0o600);
  assert.deepEqual(JSON.parse(await readFile(authfile, 'utf8')), {
    auths: { [acr.host]: { auth: Buffer.from('00000000-0000-0000-0000-000000000000:').toString('base64'), identitytoken: refreshToken } },
  });

  const image_ = `docker://${acr.host}/login/app:1.0`;
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir };
  await assert.rejects(runCommand('skopeo', ['inspect', '--raw', '--retry-times', '0', '--tls-verify=false', '--no-creds', image_], { env, timeoutMs: 60_000 }), /unauthorized|authentication required|401/i);
  const tokenRequestsBefore = acr.requests.length;
  const { stdout } = await runCommand('skopeo', ['inspect', '--raw', '--retry-times', '0', '--tls-verify=false', '--authfile', authfile, image_], { env, timeoutMs: 60_000, secrets: [refreshToken] });
  assert.deepEqual(stdout, image.manifest.bytes, 'skopeo read the exact manifest with the identity token');
  const used = acr.requests.slice(tokenRequestsBefore).filter((r) => r.path === '/oauth2/token');
  assert.ok(used.some((r) => r.method === 'POST' && r.grantType === 'refresh_token' && r.status === 200), JSON.stringify(used));
});

test('an Entra token the registry does not know is refused at the exchange; a registry without Entra sign-in has no token to give', async () => {
  await assert.rejects(entraClient('unknown-entra-token').acrRefreshToken(), (error: Error) => {
    assert.ok(error instanceof UnauthorizedError, error.message);
    assert.ok(!error.message.includes('unknown-entra-token'));
    return true;
  });
  const anonymous = new RegistryClient({ host: acr.host, auth: { kind: 'anonymous' } });
  await assert.rejects(anonymous.acrRefreshToken(), UnsupportedError);
});
