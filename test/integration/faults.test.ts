// Faults a real registry will not produce on demand, from test/harness/faultServer.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { AbortedError, DigestMismatchError, RetryExhaustedError, TooLargeError } from '../../src/registry/errors';
import { blobOf, buildImage, deterministicBytes, jsonBytes, MT } from '../harness/fixtures';
import { sendJson, serveBytes, startFaultServer, type FaultHandler, type RunningFaultServer } from '../harness/faultServer';

const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 2_000, maxRetries: 3 };

async function withServer(handler: FaultHandler, body: (server: RunningFaultServer, dir: string) => Promise<void>): Promise<void> {
  const server = await startFaultServer(handler);
  const dir = await mkdtemp(join(tmpdir(), 'crx-faults-'));
  try {
    await body(server, dir);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function anonymousClient(server: RunningFaultServer, logLines?: string[]): RegistryClient {
  return new RegistryClient({ host: server.host, auth: { kind: 'anonymous' } }, { retry: FAST_RETRY, log: logLines && ((l, c, m) => logLines.push(`${l} ${c} ${m}`)) });
}

const BLOB = blobOf('application/octet-stream', deterministicBytes(256 * 1024, 'fault-blob'));

test('a connection dropped mid-blob is resumed with Range and the file is complete', async () => {
  let dropped = false;
  await withServer((request, response) => {
    if (!dropped) {
      dropped = true;
      response.writeHead(200, { 'content-length': BLOB.size, 'content-type': 'application/octet-stream' });
      response.write(BLOB.bytes.subarray(0, 100_000), () => setTimeout(() => response.socket?.destroy(), 50));
      return;
    }
    serveBytes(request, response, BLOB.bytes);
  }, async (server, dir) => {
    const target = join(dir, 'blob.bin');
    await anonymousClient(server).downloadBlob('r/blob', BLOB, target);
    assert.ok((await readFile(target)).equals(BLOB.bytes));
    assert.equal(server.requests.length, 2);
    assert.match(String(server.requests[1].headers.range), /^bytes=\d+-$/);
    assert.notEqual(server.requests[1].headers.range, 'bytes=0-');
    assert.deepEqual(await readdir(dir), ['blob.bin']);
  });
});

test('corrupt blob bytes: DigestMismatchError and no file left behind', async () => {
  const corrupt = Buffer.from(BLOB.bytes);
  corrupt[1000] ^= 0xff;
  await withServer((request, response) => serveBytes(request, response, corrupt), async (server, dir) => {
    await assert.rejects(anonymousClient(server).downloadBlob('r/blob', BLOB, join(dir, 'blob.bin')), DigestMismatchError);
    assert.deepEqual(await readdir(dir), []);
  });
});

test('too many bytes: refused as soon as the size is exceeded, nothing left', async () => {
  await withServer((request, response) => serveBytes(request, response, Buffer.concat([BLOB.bytes, Buffer.from('extra')])), async (server, dir) => {
    await assert.rejects(anonymousClient(server).downloadBlob('r/blob', BLOB, join(dir, 'blob.bin')), /more than the expected/);
    assert.deepEqual(await readdir(dir), []);
  });
});

test('cancelling a download leaves no file', async () => {
  const controller = new AbortController();
  await withServer((_request, response) => {
    response.writeHead(200, { 'content-length': BLOB.size });
    response.write(BLOB.bytes.subarray(0, 1000), () => controller.abort()); // then stall
  }, async (server, dir) => {
    await assert.rejects(anonymousClient(server).downloadBlob('r/blob', BLOB, join(dir, 'blob.bin'), { signal: controller.signal }), AbortedError);
    assert.deepEqual(await readdir(dir), []);
  });
});

test('429 with Retry-After is honoured, then the request succeeds', async () => {
  let throttled = 0;
  await withServer((request, response) => {
    if (request.url === '/v2/' && throttled++ === 0) return sendJson(response, 429, { errors: [{ code: 'TOOMANYREQUESTS' }] }, { 'retry-after': '1' });
    sendJson(response, 200, {});
  }, async (server) => {
    const started = Date.now();
    await anonymousClient(server).ping();
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    assert.equal(server.requests.length, 2);
  });
});

test('503 then success; a persistent 503 ends in RetryExhaustedError', async () => {
  let calls = 0;
  await withServer((request, response) => {
    calls++;
    if (request.url.includes('always') || calls === 1) return sendJson(response, 503, { errors: [{ code: 'UNAVAILABLE', message: 'try later' }] });
    serveBytes(request, response, jsonBytes({ ok: true }));
  }, async (server) => {
    const client = anonymousClient(server);
    const ok = jsonBytes({ ok: true });
    assert.ok((await client.fetchBlob('r/x', blobOf('x', ok))).equals(ok));
    await assert.rejects(client.fetchBlob('r/always', blobOf('x', ok)), (error: unknown) => {
      assert.ok(error instanceof RetryExhaustedError);
      assert.match(error.message, /4 attempts/);
      return true;
    });
  });
});

test('a blob redirect to another host gets no Authorization and no secret reaches the log', async () => {
  const storage = await startFaultServer((request, response) => serveBytes(request, response, BLOB.bytes));
  const password = 'pw-never-logged-123';
  const expected = `Basic ${Buffer.from(`u:${password}`).toString('base64')}`;
  const logLines: string[] = [];
  try {
    await withServer((request, response) => {
      if (request.headers.authorization !== expected) {
        response.writeHead(401, { 'www-authenticate': 'Basic realm="faults"' });
        response.end();
        return;
      }
      response.writeHead(307, { location: `${storage.url}/storage/blob?sig=SECRET-SIGNATURE&se=2099` });
      response.end();
    }, async (server, dir) => {
      const client = new RegistryClient({ host: server.host, auth: { kind: 'basic', username: 'u', password } }, { log: (l, c, m) => logLines.push(`${l} ${c} ${m}`) });
      await client.downloadBlob('r/blob', BLOB, join(dir, 'blob.bin'));
      assert.ok((await readFile(join(dir, 'blob.bin'))).equals(BLOB.bytes));
      assert.ok(server.requests.some((r) => r.headers.authorization === expected), 'the registry got the credentials');
      assert.equal(storage.requests.length, 1);
      assert.equal(storage.requests[0].headers.authorization, undefined);
      assert.match(storage.requests[0].url, /sig=SECRET-SIGNATURE/);
      const log = logLines.join('\n');
      assert.ok(log.includes('/storage/blob'), 'the redirect was logged');
      assert.ok(!log.includes('SECRET-SIGNATURE') && !log.includes(password) && !log.includes(expected.slice(6)), log);
    });
  } finally {
    await storage.close();
  }
});

test('catalog: a cross-origin Link is not followed, a repeated page ends the listing', async () => {
  await withServer((request, response) => {
    if (request.url.startsWith('/v2/_catalog?n=2&last=b')) {
      return sendJson(response, 200, { repositories: ['c'] }, { link: '</v2/_catalog?n=2&last=b>; rel="next"' });
    }
    if (request.url.startsWith('/v2/_catalog?n=2')) return sendJson(response, 200, { repositories: ['a', 'b'] }, { link: '</v2/_catalog?n=2&last=b>; rel="next"' });
    if (request.url.startsWith('/v2/_catalog')) return sendJson(response, 200, { repositories: ['x'] }, { link: '<http://evil.example/v2/_catalog?last=x>; rel="next"' });
    sendJson(response, 404, {});
  }, async (server) => {
    const client = anonymousClient(server);
    const crossOrigin = await client.listRepositories();
    assert.deepEqual(crossOrigin, { items: [{ name: 'x' }], next: undefined });
    const first = await client.listRepositories({ pageSize: 2 });
    assert.ok(first.next);
    const second = await client.listRepositories({ cursor: first.next });
    assert.deepEqual(second, { items: [{ name: 'c' }], next: undefined });
    await assert.rejects(client.listRepositories({ cursor: { url: 'http://evil.example/v2/_catalog' } }), /another host/);
  });
});

test('referrers API: results and the artifactType filter', async () => {
  const image = buildImage();
  const sbom = { mediaType: MT.ociManifest, digest: blobOf('x', 'sbom').digest, size: 10, artifactType: 'application/vnd.example.sbom.v1+json' };
  const sig = { mediaType: MT.ociManifest, digest: blobOf('x', 'sig').digest, size: 11, artifactType: 'application/vnd.example.signature' };
  await withServer((request, response) => {
    if (request.url.startsWith(`/v2/r/img/referrers/${image.manifest.digest}`)) {
      return sendJson(response, 200, { schemaVersion: 2, mediaType: MT.ociIndex, manifests: [sbom, sig] }, { 'content-type': MT.ociIndex });
    }
    sendJson(response, 404, { errors: [{ code: 'NAME_UNKNOWN' }] });
  }, async (server) => {
    const client = anonymousClient(server);
    assert.deepEqual((await client.listReferrers('r/img', image.manifest.digest)).map((d) => d.digest), [sbom.digest, sig.digest]);
    const filtered = await client.listReferrers('r/img', image.manifest.digest, { artifactType: sig.artifactType });
    assert.deepEqual(filtered.map((d) => d.digest), [sig.digest]);
    assert.match(server.requests[1].url, /\?artifactType=application%2Fvnd\.example\.signature$/);
  });
});

test('manifest integrity: wrong bytes by digest and oversized manifests are refused', async () => {
  const image = buildImage();
  const other = buildImage({ label: 'other' });
  await withServer((request, response) => {
    if (request.url.includes('/manifests/huge')) {
      response.writeHead(200, { 'content-type': MT.ociManifest });
      response.end(Buffer.alloc(5 * 1024 * 1024, 0x20));
      return;
    }
    response.writeHead(200, { 'content-type': MT.ociManifest, 'docker-content-digest': image.manifest.digest });
    response.end(other.manifest.bytes);
  }, async (server) => {
    const client = anonymousClient(server);
    await assert.rejects(client.getManifest('r/img', image.manifest.digest), DigestMismatchError);
    await assert.rejects(client.getManifest('r/img', 'v1'), DigestMismatchError); // header disagrees with the bytes
    await assert.rejects(client.getManifest('r/img', 'huge'), TooLargeError);
  });
});
