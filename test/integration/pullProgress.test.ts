// Whole-image pulls: byte progress across every blob (real docker-registry 2.8.2), cancellation that
// removes what the pull wrote, and the AbortSignal reaching each request of a pull
// (a scripted server that stalls at the root manifest, a child manifest, or mid-blob).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { AbortedError } from '../../src/registry/errors';
import { pullImage, pushImage } from '../../src/registry/transfers/image';
import type { ProgressEvent } from '../../src/registry/types';
import { AMD64, ARM64_V8, blobOf, buildImage, descriptorOf, imageBlobs, jsonBytes, MT, writeOciLayout, type BlobData, type BuiltImage } from '../harness/fixtures';
import { sendJson, serveBytes, startFaultServer } from '../harness/faultServer';
import { startRegistry } from '../harness/registryServer';
import { skopeoInspectRaw } from '../harness/skopeo';

/** Two platforms with ~1.5 MB layers each by default: enough chunks for progress to show inside each layer. */
function buildBigIndex(label = 'progress', paddingBytes = 1_500_000): { index: BlobData; images: BuiltImage[] } {
  const images = [AMD64, ARM64_V8].map((platform) => buildImage({ platform, label, paddingBytes }));
  const index = blobOf(MT.ociIndex, jsonBytes({ schemaVersion: 2, mediaType: MT.ociIndex, manifests: images.map((i) => descriptorOf(i.manifest, { platform: i.platform })) }));
  return { index, images };
}

function blobBytes(images: BuiltImage[]): number {
  return images.flatMap((i) => [i.config, ...i.layers]).reduce((sum, blob) => sum + blob.size, 0);
}

/** Every file under the layout: only oci-layout, index.json (when finished) and blobs named by their own hash. */
async function checkLayoutHoldsOnlyVerifiedBlobs(layout: string): Promise<string[]> {
  const top = (await readdir(layout)).sort();
  for (const name of top) assert.ok(['blobs', 'index.json', 'oci-layout'].includes(name), `unexpected ${name} in the layout`);
  const blobs = await readdir(join(layout, 'blobs', 'sha256'));
  for (const name of blobs) {
    assert.match(name, /^[0-9a-f]{64}$/, `leftover file ${name}`);
    const hash = createHash('sha256').update(await readFile(join(layout, 'blobs', 'sha256', name))).digest('hex');
    assert.equal(hash, name, `blob ${name} does not match its name`);
  }
  return blobs.map((hex) => `sha256:${hex}`);
}

interface PushedIndex {
  client: RegistryClient;
  built: { index: BlobData; images: BuiltImage[] };
  /** Where the test may pull to; removed afterwards. */
  layout: string;
}

/** A fresh docker-registry holding the big two-platform index as `progress/app:multi`; cleaned up after `body`. */
async function withPushedBigIndex(workPrefix: string, body: (pushed: PushedIndex) => Promise<void>): Promise<void> {
  const registry = await startRegistry();
  const work = await mkdtemp(join(tmpdir(), workPrefix));
  try {
    const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
    const built = buildBigIndex();
    const source = join(work, 'source');
    await writeOciLayout(source, [{ tag: 'multi', root: built.index }], built.images.flatMap(imageBlobs));
    await pushImage(client, source, 'progress/app', 'multi');
    await body({ client, built, layout: join(work, 'pulled') });
  } finally {
    await registry.close();
    await rm(work, { recursive: true, force: true });
  }
}

test('pulling every platform reports byte progress that rises to the total of all blobs', async () => {
  await withPushedBigIndex('crx-pull-progress-', async ({ client, built, layout }) => {
    const events: ProgressEvent[] = [];
    let blobsDone = 0;
    const { root } = await pullImage(client, 'progress/app', 'multi', layout, { all: true, onProgress: (e) => events.push(e), onBlob: () => blobsDone++ });
    assert.equal(root.digest, built.index.digest);
    const total = blobBytes(built.images);
    assert.deepEqual(events[0], { transferred: 0, total });
    assert.ok(events.every((e) => e.total === total), 'the total is known from the first event on');
    for (let i = 1; i < events.length; i++) assert.ok(events[i].transferred > events[i - 1].transferred, `progress went from ${events[i - 1].transferred} to ${events[i].transferred}`);
    assert.equal(events[events.length - 1].transferred, total);
    assert.equal(blobsDone, 4);
    assert.ok(events.length > blobsDone + 4, `progress should move while layers stream (${events.length} events)`);
    assert.ok((await skopeoInspectRaw(`oci:${layout}:multi`)).equals(built.index.bytes));
    const present = await checkLayoutHoldsOnlyVerifiedBlobs(layout);
    assert.equal(present.length, 4 + 3, 'configs, layers, two image manifests and the index');

    // A second pull into the same layout finds every blob verified there: nothing to fetch, total 0.
    const again: ProgressEvent[] = [];
    await pullImage(client, 'progress/app', 'multi', layout, { all: true, onProgress: (e) => again.push(e) });
    assert.deepEqual(again, [{ transferred: 0, total: 0 }]);
  });
});

test('cancelling a pull half-way removes everything it wrote: a new folder goes, an existing one is left as found', async () => {
  await withPushedBigIndex('crx-pull-cancel-', async ({ client, layout }) => {
    const cancelHalfWay = async (dir: string): Promise<string[]> => {
      const controller = new AbortController();
      const completed: string[] = [];
      let abortedAt = -1;
      const pull = pullImage(client, 'progress/app', 'multi', dir, {
        all: true,
        signal: controller.signal,
        onBlob: (blob) => completed.push(blob.digest),
        onProgress: ({ transferred, total = 0 }) => {
          if (abortedAt < 0 && transferred > total / 2) {
            abortedAt = transferred;
            controller.abort();
          }
        },
      });
      await assert.rejects(pull, AbortedError);
      // Blobs move several at once: half the bytes may be in before any one blob is complete.
      assert.ok(abortedAt > 0 && completed.length < 4, `cancelled mid-pull (at ${abortedAt} bytes, ${completed.length} blobs done)`);
      return completed;
    };
    await cancelHalfWay(join(layout, 'new', 'nested'));
    assert.deepEqual(await readdir(layout).catch(() => 'gone'), 'gone', 'the folders the pull created are gone');

    await mkdir(join(layout, 'blobs', 'sha256'), { recursive: true });
    await writeFile(join(layout, 'notes.txt'), 'mine');
    await cancelHalfWay(layout);
    assert.deepEqual((await readdir(layout)).sort(), ['blobs', 'notes.txt']);
    assert.deepEqual(await readdir(join(layout, 'blobs', 'sha256')), []);
  });
});

for (const stallAt of ['root manifest', 'child manifest', 'child manifest body', 'blob body'] as const) {
  test(`cancelling while the ${stallAt} stalls ends the pull at once`, { timeout: 20_000 }, async () => {
    const { index, images } = buildBigIndex('stall', 200_000);
    const byDigest = new Map(images.flatMap(imageBlobs).map((b) => [b.digest, b]));
    const controller = new AbortController();
    const server = await startFaultServer((request, response) => {
      const manifest = /^\/v2\/r\/img\/manifests\/(.+)$/.exec(request.url)?.[1];
      const blob = /^\/v2\/r\/img\/blobs\/(.+)$/.exec(request.url)?.[1];
      const stall = (stallAt === 'root manifest' && manifest === 'latest') || (stallAt === 'child manifest' && manifest === images[1].manifest.digest);
      if (stall) return void setImmediate(() => controller.abort()); // never answered
      if (manifest === 'latest') return void sendJson(response, 200, JSON.parse(index.bytes.toString('utf8')), { 'content-type': MT.ociIndex });
      const found = byDigest.get(manifest ?? blob ?? '');
      if (manifest && found && stallAt === 'child manifest body' && manifest === images[1].manifest.digest) {
        response.writeHead(200, { 'content-type': MT.ociManifest, 'content-length': found.size });
        return void response.write(found.bytes.subarray(0, 20), () => setTimeout(() => controller.abort(), 200)); // then silence, cancelled once the client is reading the body
      }
      if (manifest && found) {
        response.writeHead(200, { 'content-type': MT.ociManifest });
        return void response.end(found.bytes);
      }
      if (blob && found && stallAt === 'blob body' && found.size > 100_000) {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': found.size });
        return void response.write(found.bytes.subarray(0, 50_000), () => setTimeout(() => controller.abort(), 200)); // then silence, cancelled once the client is reading the body
      }
      if (blob && found) return serveBytes(request, response, found.bytes);
      sendJson(response, 404, { errors: [{ code: 'NOT_FOUND', message: request.url }] });
    });
    const layout = await mkdtemp(join(tmpdir(), 'crx-pull-stall-'));
    try {
      const client = new RegistryClient({ host: server.host, auth: { kind: 'anonymous' } }, { retry: { maxRetries: 0 } });
      const started = Date.now();
      await assert.rejects(pullImage(client, 'r/img', 'latest', layout, { all: true, signal: controller.signal }), AbortedError);
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms to notice the cancellation`);
      assert.ok(controller.signal.aborted);
      // The layout folder existed before the pull: it is left empty, as it was found.
      assert.deepEqual(await readdir(layout), []);
    } finally {
      await server.close();
      await rm(layout, { recursive: true, force: true });
    }
  });
}
