// Uploads against a real docker-registry, watched through the fault proxy: a file whose digest is
// known goes up in one streamed PUT that the registry verifies (nothing hashed here); a large file
// of unknown digest is hashed while its chunks go out. skopeo reads back what was stored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { DigestMismatchError } from '../../src/registry/errors';
import { blobOf, deterministicBytes, jsonBytes, MT } from '../harness/fixtures';
import { startFaultProxy, type Fault, type ProxiedRequest, type RunningFaultProxy } from '../harness/faultProxy';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { dockerTransport, skopeoCopyToDir } from '../harness/skopeo';

const MIB = 1024 * 1024;
let registry: RunningRegistry;
let proxy: RunningFaultProxy;
let dir: string;
let seen: string[] = [];
let nextFault: { matches: (request: ProxiedRequest) => boolean; fault: Fault } | undefined;

before(async () => {
  registry = await startRegistry();
  proxy = await startFaultProxy({
    upstream: registry.url,
    chooseFault: (request) => {
      const url = new URL(request.url, 'http://registry');
      const digest = url.searchParams.get('digest');
      seen.push(`${request.method} ${url.pathname.replace(/\/blobs\/uploads\/.+/, '/blobs/uploads/…')}${digest ? ` digest=${digest}` : ''}`);
      if (!nextFault?.matches(request)) return undefined;
      const { fault } = nextFault;
      nextFault = undefined;
      return fault;
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'crx-upload-'));
});
after(async () => {
  await proxy?.close();
  await registry?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const client = (): RegistryClient => new RegistryClient({ host: proxy.host, auth: { kind: 'anonymous' } }, { retry: { baseDelayMs: 10, maxDelayMs: 200, maxRetries: 3 } });
const requests = (): string[] => seen.filter((line) => line !== 'GET /v2/');

async function fileOf(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

/** Tags an image whose only layer is `layer`, and has skopeo copy it out: the bytes skopeo got. */
async function readBackWithSkopeo(repository: string, layer: { digest: string; size: number }): Promise<Buffer> {
  const config = blobOf(MT.ociConfig, jsonBytes({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } }));
  await client().uploadBlob(repository, config.bytes);
  const manifest = jsonBytes({
    schemaVersion: 2, mediaType: MT.ociManifest,
    config: { mediaType: MT.ociConfig, digest: config.digest, size: config.size },
    layers: [{ mediaType: MT.ociLayerGzip, digest: layer.digest, size: layer.size }],
  });
  await client().putManifest(repository, manifest, { reference: 'v1', mediaType: MT.ociManifest });
  const out = join(dir, `skopeo-${repository.replace('/', '-')}`);
  await skopeoCopyToDir(dockerTransport(registry.host, `${repository}:v1`), out, { host: registry.host, tlsVerify: false });
  return readFile(join(out, layer.digest.slice('sha256:'.length)));
}

test('a file with a known digest goes up in one streamed PUT, which the registry verifies', async () => {
  const content = blobOf('application/octet-stream', deterministicBytes(40 * MIB, 'known'));
  const path = await fileOf('known.bin', content.bytes);
  seen = [];
  const descriptor = await client().uploadBlob('upload/known', { filePath: path }, { expectedDigest: content.digest });
  assert.deepEqual({ digest: descriptor.digest, size: descriptor.size }, { digest: content.digest, size: content.size });
  assert.deepEqual(requests(), [
    `HEAD /v2/upload/known/blobs/${content.digest}`,
    'POST /v2/upload/known/blobs/uploads/',
    `PUT /v2/upload/known/blobs/uploads/… digest=${content.digest}`,
  ]);
  assert.ok((await readBackWithSkopeo('upload/known', content)).equals(content.bytes));
});

test('a large file of unknown digest is hashed while its chunks go out: no pass over it before the upload starts', async () => {
  const content = blobOf('application/octet-stream', deterministicBytes(20 * MIB + 123, 'unknown'));
  const path = await fileOf('unknown.bin', content.bytes);
  seen = [];
  const progress: number[] = [];
  const descriptor = await client().uploadBlob('upload/unknown', { filePath: path }, { chunkBytes: 4 * MIB, onProgress: (e) => progress.push(e.transferred) });
  assert.equal(descriptor.digest, content.digest);
  const sent = requests();
  assert.equal(sent[0], 'POST /v2/upload/unknown/blobs/uploads/', `the upload starts at once: ${sent.join(', ')}`);
  assert.equal(sent.filter((line) => line.startsWith('PATCH ')).length, 6);
  assert.equal(sent.at(-1), `PUT /v2/upload/unknown/blobs/uploads/… digest=${content.digest}`);
  assert.equal(progress.at(-1), content.size);
  assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress never goes back');
  assert.ok((await readBackWithSkopeo('upload/unknown', content)).equals(content.bytes));
});

test('a file that does not hold its named digest is refused by the registry, which keeps nothing', async () => {
  const content = blobOf('application/octet-stream', deterministicBytes(3 * MIB, 'corrupt'));
  const altered = Buffer.from(content.bytes);
  altered[altered.length >> 1] ^= 0xff;
  const path = await fileOf('corrupt.bin', altered);
  await assert.rejects(client().uploadBlob('upload/corrupt', { filePath: path }, { expectedDigest: content.digest }), (error: unknown) => {
    assert.ok(error instanceof DigestMismatchError, String(error));
    assert.ok(error.message.includes(path) && error.message.includes(content.digest), error.message);
    return true;
  });
  assert.equal((await fetch(`${registry.url}/v2/upload/corrupt/blobs/${content.digest}`, { method: 'HEAD' })).status, 404);
});

test('a streamed PUT whose answer is lost succeeds when the registry has the blob', async () => {
  const content = blobOf('application/octet-stream', deterministicBytes(5 * MIB, 'lost-answer'));
  const path = await fileOf('lost.bin', content.bytes);
  nextFault = { matches: (r) => r.method === 'PUT' && r.url.includes('/blobs/uploads/'), fault: { kind: 'dropBeforeHeaders' } };
  const descriptor = await client().uploadBlob('upload/lost', { filePath: path }, { expectedDigest: content.digest });
  assert.equal(nextFault, undefined, 'the fault was injected');
  assert.equal(descriptor.digest, content.digest);
  const stored = await fetch(`${registry.url}/v2/upload/lost/blobs/${content.digest}`);
  assert.ok(Buffer.from(await stored.arrayBuffer()).equals(content.bytes));
});
