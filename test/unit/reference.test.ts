import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReference, parseReference, parseRegistryLocation, registryBaseUrl, validateRepositoryName, validateTag } from '../../src/registry/reference';
import { ReferenceSyntaxError } from '../../src/registry/errors';

const SHA = `sha256:${'a'.repeat(64)}`;
const SHA512 = `sha512:${'b'.repeat(128)}`;

test('valid references parse into registry, repository, tag and digest', () => {
  const cases: Array<[string, object]> = [
    ['alpine', { registry: 'registry-1.docker.io', repository: 'library/alpine' }],
    ['alpine:3.19', { registry: 'registry-1.docker.io', repository: 'library/alpine', tag: '3.19' }],
    ['docker.io/alpine', { registry: 'registry-1.docker.io', repository: 'library/alpine' }],
    ['index.docker.io/library/alpine:latest', { registry: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest' }],
    ['bitnami/redis', { registry: 'registry-1.docker.io', repository: 'bitnami/redis' }],
    ['ghcr.io/owner/app:v1.2.3', { registry: 'ghcr.io', repository: 'owner/app', tag: 'v1.2.3' }],
    ['myreg.azurecr.io/team/svc/api@' + SHA, { registry: 'myreg.azurecr.io', repository: 'team/svc/api', digest: SHA }],
    ['localhost:5000/a/b:1@' + SHA, { registry: 'localhost:5000', repository: 'a/b', tag: '1', digest: SHA }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['127.0.0.1:5000/x__y.z-w:_T', { registry: '127.0.0.1:5000', repository: 'x__y.z-w', tag: '_T' }],
    ['[::1]:5000/repo:tag', { registry: '[::1]:5000', repository: 'repo', tag: 'tag' }],
    ['Registry.Example.COM/repo', { registry: 'registry.example.com', repository: 'repo' }],
    ['quay.io/a/b@' + SHA512, { registry: 'quay.io', repository: 'a/b', digest: SHA512 }],
    ['a--b---c/d', { registry: 'registry-1.docker.io', repository: 'a--b---c/d' }],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseReference(text), expected, text);
});

test('a default registry replaces Docker Hub for names without a host', () => {
  assert.deepEqual(parseReference('team/app:1', { registry: '127.0.0.1:5000' }), { registry: '127.0.0.1:5000', repository: 'team/app', tag: '1' });
  assert.deepEqual(parseReference('app', { registry: 'localhost:5000' }), { registry: 'localhost:5000', repository: 'app' });
});

test('formatReference round-trips', () => {
  for (const text of ['ghcr.io/o/a:1', `localhost:5000/a@${SHA}`, `[::1]:5000/r:t@${SHA}`]) {
    assert.equal(formatReference(parseReference(text)), text);
  }
});

test('invalid references throw ReferenceSyntaxError naming the bad part', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /cannot be empty/],
    ['MyRepo', /lower-case/],
    ['ghcr.io/Owner/app', /repository name "Owner\/app": repository names must be lower-case/],
    ['repo:', /invalid tag "": a tag cannot be empty/],
    ['repo:-bad', /invalid tag "-bad": it must start/],
    ['repo:bad!tag', /invalid tag "bad!tag"/],
    [`repo:${'t'.repeat(129)}`, /at most 128/],
    ['repo@sha256:abc', /invalid digest .*64/],
    ['repo@md5:' + 'a'.repeat(32), /unsupported algorithm "md5"/],
    [`repo@sha256:${'A'.repeat(64)}`, /lower-case hex/],
    ['a/../b', /"\." and "\.\." are not allowed/],
    ['a//b', /empty path component/],
    ['ghcr.io/', /repository name "": it cannot be empty/],
    ['a/b/', /empty path component/],
    ['_a', /must start and end/],
    ['host:99999/a', /port must be/],
    ['host:abc/a', /port must be/],
    ['[::1/a', /missing "]"/],
    ['bad_host.com/a', /host names use letters/],
    ['https://ghcr.io/a/b', /remove the URL scheme/],
    ['ünïcode/app', /lower-case|components/],
    ['app\u0000x', /invalid/],
    ['a'.repeat(300), /at most 255/],
    ['a'.repeat(5000), /longer than any valid reference/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(() => parseReference(text), (error: unknown) => error instanceof ReferenceSyntaxError && pattern.test(error.message), text);
  }
});

test('a bracketed host must hold a real IPv6 address', () => {
  for (const text of ['[:]/app:x', '[...]/app', '[1.2.3.4]/app', '[::1:]/app', '[:::]:5000/app', '[]/app']) {
    assert.throws(() => parseReference(text), (error: unknown) => error instanceof ReferenceSyntaxError && /not an IPv6 address/.test(error.message), text);
  }
  assert.equal(parseReference('[2001:db8::1]/app').registry, '[2001:db8::1]');
  assert.equal(parseReference('[::ffff:1.2.3.4]:5000/app').registry, '[::ffff:1.2.3.4]:5000');
  assert.equal(parseRegistryLocation('http://[::1]:5000').host, '[::1]:5000');
  assert.throws(() => parseRegistryLocation('[:]'), ReferenceSyntaxError);
});

test('hostile long inputs are rejected quickly', () => {
  const started = Date.now();
  for (const text of ['a-'.repeat(100_000), `${'a.'.repeat(500)}!`, `a${'_-'.repeat(120)}!`, `${'a'.repeat(254)}:`]) {
    assert.throws(() => parseReference(text), ReferenceSyntaxError);
  }
  assert.ok(Date.now() - started < 500, 'parsing hostile input must be fast');
});

test('validateTag and validateRepositoryName', () => {
  validateTag('v1.0.0-rc_1');
  validateTag('A'.repeat(128));
  assert.throws(() => validateTag('.hidden'), /must start/);
  validateRepositoryName('a/b-c/d.e/f__g');
  assert.throws(() => validateRepositoryName('a/B'), /lower-case/);
  assert.throws(() => validateRepositoryName('a/b.'), /must start and end/);
});

test('registryBaseUrl uses https except for loopback or insecure hosts, and keeps an explicit scheme', () => {
  assert.equal(registryBaseUrl({ host: 'ghcr.io' }), 'https://ghcr.io');
  assert.equal(registryBaseUrl({ host: 'docker.io' }), 'https://registry-1.docker.io');
  assert.equal(registryBaseUrl({ host: 'localhost:5000' }), 'http://localhost:5000');
  assert.equal(registryBaseUrl({ host: '127.0.0.1:5000' }), 'http://127.0.0.1:5000');
  assert.equal(registryBaseUrl({ host: '127.10.0.3' }), 'http://127.10.0.3');
  assert.equal(registryBaseUrl({ host: '[::1]:5000' }), 'http://[::1]:5000');
  assert.equal(registryBaseUrl({ host: 'localhost.evil.com' }), 'https://localhost.evil.com');
  assert.equal(registryBaseUrl({ host: '127.0.0.1.nip.io' }), 'https://127.0.0.1.nip.io');
  assert.equal(registryBaseUrl({ host: 'reg.internal:5000', insecure: true }), 'http://reg.internal:5000');
  assert.equal(registryBaseUrl({ host: 'localhost:5443', scheme: 'https' }), 'https://localhost:5443');
  assert.equal(registryBaseUrl({ host: 'reg.internal:5000', insecure: true, scheme: 'http' }), 'http://reg.internal:5000');
  assert.throws(() => registryBaseUrl({ host: 'reg.internal:5000', scheme: 'http' }), /refusing plain HTTP/);
  assert.throws(() => registryBaseUrl({ host: 'bad host' }), ReferenceSyntaxError);
});

test('parseRegistryLocation accepts host or URL', () => {
  assert.deepEqual(parseRegistryLocation('https://MyReg.azurecr.io/'), { host: 'myreg.azurecr.io', insecure: false });
  assert.deepEqual(parseRegistryLocation('http://10.0.0.5:5000'), { host: '10.0.0.5:5000', insecure: true });
  assert.deepEqual(parseRegistryLocation('ghcr.io'), { host: 'ghcr.io', insecure: false });
  assert.throws(() => parseRegistryLocation('https://ghcr.io/owner'), ReferenceSyntaxError);
});
