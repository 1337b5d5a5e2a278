// The registry launcher itself: every mode answers /v2/ the way the real registry does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { startRegistry } from '../harness/registryServer';

function httpsStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('anonymous registry answers /v2/ and close() removes its dir', async () => {
  const registry = await startRegistry();
  try {
    const response = await fetch(`${registry.url}/v2/`);
    assert.equal(response.status, 200);
    assert.match(registry.host, /^127\.0\.0\.1:\d+$/);
  } finally {
    await registry.close();
  }
  await assert.rejects(readFile(`${registry.rootDir}/config.json`), /ENOENT/);
});

test('htpasswd registry refuses anonymous and accepts the user', async () => {
  const registry = await startRegistry({ auth: { kind: 'htpasswd', users: { alice: 's3cret-pw' } } });
  try {
    assert.equal((await fetch(`${registry.url}/v2/`)).status, 401);
    const basic = Buffer.from('alice:s3cret-pw').toString('base64');
    assert.equal((await fetch(`${registry.url}/v2/`, { headers: { authorization: `Basic ${basic}` } })).status, 200);
    const wrong = Buffer.from('alice:nope').toString('base64');
    assert.equal((await fetch(`${registry.url}/v2/`, { headers: { authorization: `Basic ${wrong}` } })).status, 401);
  } finally {
    await registry.close();
  }
});

test('TLS registry is trusted with its generated CA only', async () => {
  const registry = await startRegistry({ tls: true });
  try {
    assert.ok(registry.caCertPath);
    assert.match(registry.url, /^https:/);
    const ca = await readFile(registry.caCertPath, 'utf8');
    assert.equal(await httpsStatus(`${registry.url}/v2/`, ca), 200);
    await assert.rejects(fetch(`${registry.url}/v2/`)); // default trust store does not know the CA
  } finally {
    await registry.close();
  }
});
