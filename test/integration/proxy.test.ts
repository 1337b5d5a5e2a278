// Through a real forward proxy (tinyproxy) to a real docker-registry over TLS with a CA made at
// runtime: the endpoint's trust settings apply through the CONNECT tunnel as they do without a
// proxy, and the proxy's log shows that the traffic went through it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { RegistryError } from '../../src/registry/errors';
import type { RegistryEndpoint } from '../../src/registry/types';
import { blobOf, deterministicBytes } from '../harness/fixtures';
import { buildCli, crx, isolatedEnv } from '../harness/crxProcess';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { startTinyproxy, type RunningProxy } from '../harness/tinyproxy';

let tlsRegistry: RunningRegistry;
let plainRegistry: RunningRegistry;
let proxy: RunningProxy;
let ca: string;
const BLOB = blobOf('application/octet-stream', deterministicBytes(300 * 1024, 'through-the-proxy'));

before(async () => {
  [tlsRegistry, plainRegistry, proxy] = await Promise.all([startRegistry({ tls: true }), startRegistry(), startTinyproxy(), buildCli()]);
  ca = await readFile(tlsRegistry.caCertPath as string, 'utf8');
});

after(async () => {
  await Promise.all([tlsRegistry?.close(), plainRegistry?.close(), proxy?.close()]);
});

function client(trust: Pick<RegistryEndpoint, 'caCertificates' | 'rejectUnauthorized' | 'proxy'>, registry = tlsRegistry): RegistryClient {
  const scheme = registry === tlsRegistry ? 'https' : 'http';
  return new RegistryClient({ host: registry.host, scheme, auth: { kind: 'anonymous' }, ...trust }, { retry: { maxRetries: 0 } });
}

async function roundTrip(registryClient: RegistryClient, repository: string): Promise<void> {
  await registryClient.ping();
  await registryClient.uploadBlob(repository, BLOB.bytes);
  const dir = await mkdtemp(join(tmpdir(), 'crx-proxy-'));
  try {
    await registryClient.downloadBlob(repository, BLOB, join(dir, 'blob'));
    assert.ok((await readFile(join(dir, 'blob'))).equals(BLOB.bytes));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('through the proxy with the CA: uploads and downloads work, and went through the proxy', async () => {
  const before = proxy.requestsTo(tlsRegistry.host).length;
  await roundTrip(client({ proxy: proxy.url, caCertificates: [ca] }), 'proxy/with-ca');
  assert.ok(proxy.requestsTo(tlsRegistry.host).length > before, `tinyproxy relayed nothing to ${tlsRegistry.host}:\n${proxy.log()}`);
});

test('through the proxy without the CA: the TLS-trust error names the host', async () => {
  await assert.rejects(client({ proxy: proxy.url }).ping(), (error: unknown) => {
    assert.ok(error instanceof RegistryError, String(error));
    assert.match(error.message, new RegExp(`TLS certificate of ${tlsRegistry.host} is not trusted`));
    return true;
  });
});

test('through the proxy with certificate checks off (http.proxyStrictSSL: false): works', async () => {
  const before = proxy.requestsTo(tlsRegistry.host).length;
  await roundTrip(client({ proxy: proxy.url, rejectUnauthorized: false }), 'proxy/unchecked');
  assert.ok(proxy.requestsTo(tlsRegistry.host).length > before);
});

test('without a proxy the same settings apply: CA works, none fails, checks off works', async () => {
  await client({ caCertificates: [ca] }).ping();
  await assert.rejects(client({}).ping(), /is not trusted/);
  await client({ rejectUnauthorized: false }).ping();
});

test('plain HTTP (loopback) goes through the proxy too', async () => {
  const before = proxy.requestsTo(plainRegistry.host).length;
  await roundTrip(client({ proxy: proxy.url }, plainRegistry), 'proxy/plain');
  assert.ok(proxy.requestsTo(plainRegistry.host).length > before, proxy.log());
});

test('crx --proxy with --ca-file reaches the TLS registry through the proxy; HTTPS_PROXY without the CA says it is not trusted', async () => {
  const before = proxy.requestsTo(tlsRegistry.host).length;
  const ok = await crx(['catalog', tlsRegistry.host, '--proxy', proxy.url, '--ca-file', tlsRegistry.caCertPath as string], { env: isolatedEnv() });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout.toString(), /proxy\/with-ca/);
  assert.ok(proxy.requestsTo(tlsRegistry.host).length > before);
  const viaEnv = await crx(['catalog', `https://${tlsRegistry.host}`], { env: { ...isolatedEnv(), HTTPS_PROXY: proxy.url, NO_PROXY: '' } });
  assert.equal(viaEnv.code, 1);
  assert.match(viaEnv.stderr, /is not trusted/);
  assert.ok(proxy.requestsTo(tlsRegistry.host).length > before + 1, 'the second run went through the proxy too');
});
