// Whole-image push and pull against a real docker-registry move several blobs at once (4 unless
// --concurrency says otherwise), count bytes over the whole transfer, and still verify every blob;
// skopeo reads back what was pushed. A counting proxy in front of the registry sees how many blob
// transfers are open at the same time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { pushImage } from '../../src/registry/transfers/image';
import { buildCli, crx } from '../harness/crxProcess';
import { startCountingProxy, type RunningCountingProxy } from '../harness/countingProxy';
import { blobOf, deterministicBytes, jsonBytes, MT, writeOciLayout, type BlobData } from '../harness/fixtures';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { dockerTransport, skopeoCopyToDir, skopeoInspectRaw } from '../harness/skopeo';

const LAYERS = Array.from({ length: 8 }, (_, i) => blobOf(MT.ociLayerGzip, deterministicBytes(1024 * 1024 + i, `layer-${i}`)));
const CONFIG = blobOf(MT.ociConfig, jsonBytes({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: LAYERS.map((l) => l.digest) } }));
const MANIFEST = blobOf(MT.ociManifest, jsonBytes({
  schemaVersion: 2, mediaType: MT.ociManifest,
  config: { mediaType: CONFIG.mediaType, digest: CONFIG.digest, size: CONFIG.size },
  layers: LAYERS.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
}));
const ALL_BLOBS: BlobData[] = [CONFIG, ...LAYERS];

let registry: RunningRegistry;
let pushes: RunningCountingProxy;
let pulls: RunningCountingProxy;
let work: string;
let layout: string;

before(async () => {
  await buildCli();
  registry = await startRegistry();
  const options = { upstream: registry.url, gather: 4, gatherMs: 300 };
  pushes = await startCountingProxy({ ...options, matches: (method, path) => method === 'PUT' && path.includes('/blobs/uploads/') });
  pulls = await startCountingProxy({ ...options, matches: (method, path) => method === 'GET' && path.includes('/blobs/') });
  work = await mkdtemp(join(tmpdir(), 'crx-concurrent-'));
  layout = join(work, 'source');
  await writeOciLayout(layout, [{ tag: 'v1', root: MANIFEST }], ALL_BLOBS);
});
after(async () => {
  await Promise.all([pushes?.close(), pulls?.close()]);
  await registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function skopeoReadsBack(repository: string): Promise<void> {
  const image = dockerTransport(registry.host, `${repository}:v1`);
  const access = { host: registry.host, tlsVerify: false };
  assert.ok((await skopeoInspectRaw(image, access)).equals(MANIFEST.bytes), 'the manifest bytes');
  const out = join(work, `skopeo-${repository.replace(/\//g, '-')}`);
  await skopeoCopyToDir(image, out, access);
  for (const blob of ALL_BLOBS) assert.ok((await readFile(join(out, blob.digest.slice(7)))).equals(blob.bytes), `blob ${blob.digest}`);
}

test('crx push moves 4 blobs at once by default and --concurrency of them when given; skopeo reads the image back', async () => {
  pushes.reset();
  const pushed = await crx(['push', layout, `${pushes.host}/concurrent/default:v1`]);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.equal(pushed.stdout.toString().trim(), MANIFEST.digest);
  assert.equal(pushes.maxOpen(), 4);
  await skopeoReadsBack('concurrent/default');

  pushes.reset();
  const two = await crx(['push', layout, `${pushes.host}/concurrent/two:v1`, '--concurrency', '2']);
  assert.equal(two.code, 0, two.stderr);
  assert.equal(pushes.maxOpen(), 2);
  await skopeoReadsBack('concurrent/two');
});

test('crx pull fetches 4 blobs at once by default, 1 with --concurrency 1, every one verified', async () => {
  for (const [args, expected] of [[[], 4], [['--concurrency', '1'], 1]] as const) {
    pulls.reset();
    const target = join(work, `pulled-${expected}`);
    const pulled = await crx(['pull', `${pulls.host}/concurrent/default:v1`, target, ...args]);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(pulled.stdout.toString().trim(), MANIFEST.digest);
    assert.equal(pulls.maxOpen(), expected);
    for (const blob of [...ALL_BLOBS, MANIFEST]) assert.ok((await readFile(join(target, 'blobs', 'sha256', blob.digest.slice(7)))).equals(blob.bytes));
  }
});

test('push progress counts bytes over the whole image, rising to the sum of its blobs', async () => {
  const events: { transferred: number; total?: number }[] = [];
  const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
  const result = await pushImage(client, layout, 'concurrent/progress', 'v1', { onProgress: (event) => events.push(event) });
  assert.equal(result.digest, MANIFEST.digest);
  const total = ALL_BLOBS.reduce((sum, blob) => sum + blob.size, 0);
  assert.ok(events.every((e) => e.total === total), 'one total for the whole push');
  assert.deepEqual(events.map((e) => e.transferred), [...events.map((e) => e.transferred)].sort((a, b) => a - b), 'never goes back');
  assert.equal(events.at(-1)?.transferred, total);
  assert.ok(events.length > ALL_BLOBS.length, 'progress moves inside blobs, not only between them');
});

test('--concurrency outside 1..32 is a usage error', async () => {
  for (const value of ['0', '33', 'many']) {
    const result = await crx(['pull', `${registry.host}/concurrent/default:v1`, join(work, 'never'), '--concurrency', value]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--concurrency must be an integer from 1 to 32/);
  }
});
