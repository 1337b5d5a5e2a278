// Where a registry's credentials may go when it names a token realm: the rule, the user's trust,
// the question asked once, and the stricter rule for Azure (Entra ID) sign-ins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeRealm, UntrustedRealmError } from '../../src/registry/auth/realmTrust';
import { RealmGate } from '../../src/registry/auth/realmGate';
import type { RegistryCredential } from '../../src/registry/auth/credentials';
import type { RegistryEndpoint } from '../../src/registry/types';

const judge = (registryHost: string, realm: string, extra: { insecure?: boolean; trustedHosts?: string[] } = {}) =>
  judgeRealm({ registryHost, realm: new URL(realm), ...extra });

test('the registry\'s own host, on any port, receives credentials', () => {
  assert.equal(judge('myreg.example.com', 'https://myreg.example.com/token'), 'allowed');
  assert.equal(judge('127.0.0.1:5000', 'http://127.0.0.1:5001/token'), 'allowed');
  assert.equal(judge('[::1]:5000', 'http://[::1]:6000/token'), 'allowed');
  assert.equal(judge('MyReg.Example.com', 'https://myreg.example.COM/token'), 'allowed');
});

test('a host of the same registrable domain receives credentials over HTTPS', () => {
  assert.equal(judge('registry-1.docker.io', 'https://auth.docker.io/token'), 'allowed');
  assert.equal(judge('registry.gitlab.com', 'https://gitlab.com/jwt/auth'), 'allowed');
  assert.equal(judge('registry.example.co.uk', 'https://login.example.co.uk/token'), 'allowed');
});

test('other domains, and tenants of one shared service domain, do not', () => {
  assert.equal(judge('ghcr.io', 'https://ghcr.io.evil.example/token'), 'otherHost');
  assert.equal(judge('registry.example.com', 'https://example.org/token'), 'otherHost');
  // Different owners under one suffix: the public suffix list's private section, and registry services it does not split.
  assert.equal(judge('alice.github.io', 'https://mallory.github.io/token'), 'otherHost');
  assert.equal(judge('a.azurecr.io', 'https://evil.azurecr.io/oauth2/token'), 'otherHost');
  assert.equal(judge('111.dkr.ecr.us-east-1.amazonaws.com', 'https://222.dkr.ecr.us-east-1.amazonaws.com/'), 'otherHost');
  assert.equal(judge('team.jfrog.io', 'https://other.jfrog.io/token'), 'otherHost');
  assert.equal(judge('example.co.uk', 'https://other.co.uk/token'), 'otherHost');
});

test('IP addresses and loopback names count only as the very same host', () => {
  assert.equal(judge('10.0.0.1:5000', 'https://10.0.0.2/token'), 'otherHost');
  assert.equal(judge('127.0.0.1:5000', 'http://127.0.0.2:5001/token'), 'otherHost');
  assert.equal(judge('localhost:5000', 'http://127.0.0.1:5001/token'), 'otherHost');
  assert.equal(judge('[::1]:5000', 'http://127.0.0.1:5001/token'), 'otherHost');
  assert.equal(judge('10.0.0.1:5000', 'https://10.0.0.1:8443/token'), 'allowed');
});

test('plain HTTP only to loopback, or to a registry the user marked insecure', () => {
  assert.equal(judge('myreg.example.com', 'http://myreg.example.com/token'), 'plainHttp');
  assert.equal(judge('registry-1.docker.io', 'http://auth.docker.io/token'), 'plainHttp');
  assert.equal(judge('myreg.example.com', 'http://myreg.example.com/token', { trustedHosts: ['myreg.example.com'] }), 'plainHttp');
  assert.equal(judge('10.0.0.1:5000', 'http://10.0.0.1:5001/token', { insecure: true }), 'allowed');
  assert.equal(judge('10.0.0.1:5000', 'http://10.0.0.2:5001/token', { insecure: true }), 'otherHost');
});

test('a host the user trusts for this registry receives credentials', () => {
  assert.equal(judge('registry.example.com', 'https://sso.corp.example/token', { trustedHosts: ['sso.corp.example'] }), 'allowed');
  assert.equal(judge('127.0.0.1:5000', 'http://127.0.0.2:5001/token', { trustedHosts: [' 127.0.0.2 '] }), 'allowed');
  assert.equal(judge('registry.example.com', 'https://SSO.corp.example/token', { trustedHosts: ['Sso.Corp.Example'] }), 'allowed');
  assert.equal(judge('registry.example.com', 'https://other.corp.example/token', { trustedHosts: ['sso.corp.example'] }), 'otherHost');
});

const basic: RegistryCredential = { kind: 'basic', username: 'u', password: 'p' };
const endpoint = (extra: Partial<RegistryEndpoint> = {}): RegistryEndpoint => ({ host: '127.0.0.1:5000', auth: { kind: 'anonymous' }, ...extra });

test('anonymous token requests may go to any host', async () => {
  const gate = new RealmGate(endpoint());
  assert.equal(await gate.check('http://127.0.0.2:5001/token', { kind: 'anonymous' }), 'http://127.0.0.2:5001/token');
  assert.equal(await gate.check('https://elsewhere.example/token', { kind: 'anonymous' }), 'https://elsewhere.example/token');
});

test('credentials for another host are refused with both hosts named, unless trusted', async () => {
  await assert.rejects(new RealmGate(endpoint()).check('http://127.0.0.2:5001/token', basic), (error: unknown) => {
    assert.ok(error instanceof UntrustedRealmError);
    assert.equal(error.registryHost, '127.0.0.1:5000');
    assert.equal(error.realmHost, '127.0.0.2');
    assert.match(error.message, /127\.0\.0\.1:5000.*127\.0\.0\.2.*--trust-realm 127\.0\.0\.2/);
    return true;
  });
  const trusted = new RealmGate(endpoint({ trustedRealmHosts: ['127.0.0.2'] }));
  assert.equal(await trusted.check('http://127.0.0.2:5001/token', basic), 'http://127.0.0.2:5001/token');
  await assert.rejects(new RealmGate(endpoint()).check('not a url', basic), /invalid token realm/);
  await assert.rejects(new RealmGate(endpoint()).check('ftp://127.0.0.1/token', basic), /invalid token realm/);
});

test('the user is asked once for concurrent requests; a yes is kept, a no refuses', async () => {
  const asked: string[] = [];
  let answer = true;
  const confirm = async (registryHost: string, realmHost: string) => {
    asked.push(`${registryHost} -> ${realmHost}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    return answer;
  };
  const gate = new RealmGate(endpoint(), confirm);
  const realms = await Promise.all([1, 2, 3].map(() => gate.check('http://127.0.0.2:5001/token', basic)));
  assert.deepEqual(realms, Array(3).fill('http://127.0.0.2:5001/token'));
  await gate.check('http://127.0.0.2:5001/token', basic);
  assert.deepEqual(asked, ['127.0.0.1:5000 -> 127.0.0.2']);

  answer = false;
  await assert.rejects(new RealmGate(endpoint(), confirm).check('http://127.0.0.3:5001/token', basic), UntrustedRealmError);
  assert.equal(asked.length, 2);
});

test('an Azure sign-in goes only to a realm on the registry\'s own host, trusted or not', async () => {
  const azure: RegistryCredential = { kind: 'azure', credential: { getToken: async () => null }, scope: 's' };
  const acr = { host: 'myreg.azurecr.io', auth: { kind: 'anonymous' as const } };
  assert.equal(await new RealmGate(acr).check('https://myreg.azurecr.io/oauth2/token', azure), 'https://myreg.azurecr.io/oauth2/token');
  const trusting = new RealmGate({ ...acr, trustedRealmHosts: ['login.example.com'] }, async () => true);
  await assert.rejects(trusting.check('https://login.example.com/oauth2/token', azure), /Azure \(Entra ID\) sign-in is only ever sent to the registry's own host/);
});
