// A registry addressed by an IPv6 literal (`[::1]:port`): requests reach it, plain HTTP and HTTPS with a
// certificate for the address alike (the socket gets the bare address, the Host header the brackets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { RegistryClient } from '../../src/registry/client';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenOnLoopback } from '../harness/loopback';
import { generateTlsCertificates } from '../harness/registryServer';

function answer(hosts: string[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    hosts.push(String(req.headers.host));
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v2/') return void res.end('{}');
    if (req.url?.startsWith('/v2/app/tags/list')) return void res.end(JSON.stringify({ name: 'app', tags: ['v1'] }));
    res.statusCode = 404;
    res.end('{"errors":[{"code":"NAME_UNKNOWN"}]}');
  };
}

test('plain HTTP to a registry on [::1] lists its tags', async () => {
  const hosts: string[] = [];
  const server = await listenOnLoopback(createServer(answer(hosts)), { address: '::1' });
  try {
    const client = new RegistryClient({ host: `[::1]:${server.port}`, auth: { kind: 'anonymous' } });
    const page = await client.listTags('app');
    assert.deepEqual(page.items.map((t) => t.name), ['v1']);
    assert.equal(hosts[0], `[::1]:${server.port}`, 'the Host header keeps the brackets');
  } finally {
    await server.close();
  }
});

test('HTTPS to a registry on [::1] checks the certificate against the address', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crx-ipv6-'));
  const files = await generateTlsCertificates(dir);
  const caPem = await readFile(files.caCertPath, 'utf8');
  const server = await listenOnLoopback(createTlsServer({ key: await readFile(files.keyPath), cert: await readFile(files.certPath) }, answer([])), { address: '::1' });
  try {
    const port = server.port;
    const trusted = new RegistryClient({ host: `[::1]:${port}`, scheme: 'https', caCertificates: [caPem], auth: { kind: 'anonymous' } });
    assert.deepEqual((await trusted.listTags('app')).items.map((t) => t.name), ['v1']);
    const untrusted = new RegistryClient({ host: `[::1]:${port}`, scheme: 'https', auth: { kind: 'anonymous' } }, { retry: { maxRetries: 0 } });
    await assert.rejects(untrusted.listTags('app'), /not trusted/);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
