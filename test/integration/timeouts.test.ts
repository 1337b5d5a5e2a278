// Servers that stall or never stop talking: every request ends within its time limit with a clear
// error, no body is buffered whole, and no partial file is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { TimeoutError, TooLargeError, UnauthorizedError } from '../../src/registry/errors';
import { blobOf, buildImage, deterministicBytes, MT } from '../harness/fixtures';
import { startFaultServer, type FaultHandler, type RunningFaultServer } from '../harness/faultServer';
import { startSilentServer } from '../harness/silentServer';

const SHORT = { headersMs: 500, idleMs: 500 };
const BLOB = blobOf('application/octet-stream', deterministicBytes(64 * 1024, 'stalled-blob'));
const MANIFEST = buildImage().manifest;

/** Writes `chunk` for ever (honouring backpressure) until the client goes away; counts what was written. */
function endless(response: ServerResponse, status: number, headers: Record<string, string>, counter: { bytes: number }): void {
  response.writeHead(status, headers);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const pump = (): void => {
    while (!response.destroyed) {
      counter.bytes += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
  };
  response.on('error', () => undefined);
  pump();
}

async function withFaults(handler: FaultHandler, body: (server: RunningFaultServer) => Promise<void>): Promise<void> {
  const server = await startFaultServer(handler);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

function anonymous(host: string): RegistryClient {
  return new RegistryClient({ host, auth: { kind: 'anonymous' } }, { timeouts: SHORT, retry: { baseDelayMs: 10, maxRetries: 1 } });
}

async function elapsed<T>(run: () => Promise<T>): Promise<number> {
  const started = Date.now();
  await run().catch(() => undefined);
  return Date.now() - started;
}

test('a server that accepts and never answers: TimeoutError naming the host, within the limit', { timeout: 20_000 }, async () => {
  const silent = await startSilentServer();
  try {
    const client = anonymous(silent.host);
    await assert.rejects(client.getManifest('r/app', 'v1'), (error: unknown) => {
      assert.ok(error instanceof TimeoutError, String(error));
      assert.equal(error.code, 'TIMEOUT');
      assert.match(error.message, new RegExp(`${silent.host} did not answer within 0\\.5 s`));
      return true;
    });
    const took = await elapsed(() => client.listTags('r/app'));
    assert.ok(took < 2_000, `not retried, gave up after ${took} ms`);
  } finally {
    await silent.close();
  }
});

test('a server that stops taking the request body: TimeoutError while sending', { timeout: 20_000 }, async () => {
  const silent = await startSilentServer();
  try {
    const client = anonymous(silent.host);
    const big = Buffer.alloc(64 * 1024 * 1024);
    await assert.rejects(
      client.transport.send({ method: 'PUT', url: '/v2/r/app/blobs/uploads/1?digest=sha256:0', body: big }),
      (error: unknown) => error instanceof TimeoutError && /took no data for 0\.5 s while the request body was sent/.test(error.message),
    );
  } finally {
    await silent.close();
  }
});

test('headers, then a stalled blob body: the download fails with the idle timeout and leaves no file', { timeout: 20_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crx-stall-'));
  try {
    await withFaults((_request, response) => {
      response.writeHead(200, { 'content-length': String(BLOB.size), 'content-type': 'application/octet-stream' });
      response.write(BLOB.bytes.subarray(0, 1000)); // then silence
    }, async (server) => {
      const started = Date.now();
      await assert.rejects(anonymous(server.host).downloadBlob('r/app', BLOB, join(dir, 'blob.bin'), { maxResumes: 1 }), (error: unknown) => {
        assert.ok(error instanceof TimeoutError, String(error));
        assert.match(error.message, /sent no data for 0\.5 s while the response was read/);
        return true;
      });
      assert.ok(Date.now() - started < 5_000);
      assert.equal(server.requests.length, 2, 'one resume with Range after the first stall');
      assert.deepEqual(await readdir(dir), []);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('headers, then a stalled manifest or error body: TimeoutError, not a hang', { timeout: 20_000 }, async () => {
  await withFaults((request, response) => {
    response.writeHead(request.url.includes('/manifests/') ? 200 : 500, { 'content-type': 'application/json', 'content-length': '100' });
    response.write('{"errors":'); // then silence
  }, async (server) => {
    const client = anonymous(server.host);
    await assert.rejects(client.getManifest('r/app', 'v1'), TimeoutError);
    await assert.rejects(client.deleteManifest('r/app', BLOB.digest), TimeoutError);
  });
});

test('endless error, 401, token and write-response bodies are refused while they stream, never buffered whole', { timeout: 30_000 }, async () => {
  const written = { bytes: 0 };
  await withFaults((request, response) => {
    if (request.url.startsWith('/token')) return endless(response, 200, { 'content-type': 'application/json' }, written);
    if (request.url.includes('/bearer/')) {
      return endless(response, 401, { 'www-authenticate': `Bearer realm="http://${request.headers.host}/token",service="s"` }, written);
    }
    if (request.url.includes('/basic/')) return endless(response, 401, { 'www-authenticate': 'Basic realm="r"' }, written);
    if (request.method === 'PUT') return endless(response, 201, { 'docker-content-digest': MANIFEST.digest }, written);
    endless(response, 404, { 'content-type': 'application/json' }, written);
  }, async (server) => {
    const client = anonymous(server.host);
    const cases: Array<[string, () => Promise<unknown>, new (...args: never[]) => Error]> = [
      ['error body', () => client.getManifest('r/app', 'v1'), TooLargeError],
      ['401 body', () => client.getManifest('basic/app', 'v1'), UnauthorizedError],
      ['token body', () => client.getManifest('bearer/app', 'v1'), TooLargeError],
      ['write response', () => client.putManifest('write/app', MANIFEST.bytes, { reference: 'v1', mediaType: MT.ociManifest }), TooLargeError],
    ];
    for (const [what, run, expected] of cases) {
      written.bytes = 0;
      const started = Date.now();
      await assert.rejects(run(), expected, what);
      assert.ok(Date.now() - started < 5_000, `${what}: failed fast`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(written.bytes < 24 * 1024 * 1024, `${what}: the server could send only ${written.bytes} bytes before the client hung up`);
    }
  });
});

test('a limit beyond what a timer can hold waits instead of firing at once', { timeout: 20_000 }, async () => {
  const huge = 3_000_000_000; // 34 days in ms, past the timers' 2^31 - 1 ms
  await withFaults(
    (_request, response) => void setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"r/app","tags":["v1"]}'), 300),
    async (server) => {
      const client = new RegistryClient({ host: server.host, auth: { kind: 'anonymous' } }, { timeouts: { headersMs: huge, idleMs: huge }, retry: { maxRetries: 0 } });
      const page = await client.listTags('r/app');
      assert.deepEqual(page.items.map((tag) => tag.name), ['v1']);
    },
  );
});
