// A hostile index pulled with --all (real docker-registry seeded with it): too many child manifests,
// indexes nested too deep, or too many manifest bytes end the pull with a clear error before any
// blob is fetched, and the layout folder it created is gone. A legitimately nested tree still pulls.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { TooLargeError } from '../../src/registry/errors';
import { pullImage } from '../../src/registry/transfers/image';
import { MAX_INDEX_DEPTH, MAX_PULL_MANIFEST_BYTES, MAX_PULL_MANIFESTS } from '../../src/registry/transfers/pullPlan';
import { blobOf, buildImage, descriptorOf, jsonBytes, MT, type BlobData } from '../harness/fixtures';
import { rawPushBlob, rawPutManifest, type RawTarget } from '../harness/fixturesUpload';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';

let registry: RunningRegistry;
let target: RawTarget;
let work: string;
const image = buildImage({ label: 'bounds' });

function indexOf(children: BlobData[]): BlobData {
  return blobOf(MT.ociIndex, jsonBytes({ schemaVersion: 2, mediaType: MT.ociIndex, manifests: children.map((c) => descriptorOf(c)) }));
}

before(async () => {
  registry = await startRegistry();
  target = { url: registry.url };
  work = await mkdtemp(join(tmpdir(), 'crx-pull-bounds-'));
  for (const blob of [image.config, ...image.layers]) await rawPushBlob(target, 'hostile/app', blob);
  await rawPutManifest(target, 'hostile/app', 'image', image.manifest);
});

after(async () => {
  await registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function assertRefused(tag: string, message: RegExp): Promise<void> {
  const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
  const layout = join(work, tag);
  let blobs = 0;
  await assert.rejects(pullImage(client, 'hostile/app', tag, layout, { all: true, onBlob: () => blobs++ }), (error: unknown) => error instanceof TooLargeError && message.test(error.message));
  assert.equal(blobs, 0, 'refused before any blob');
  assert.deepEqual(await readdir(work).then((names) => names.includes(tag)), false, 'the layout folder is gone');
}

test('an index listing more child manifests than the bound is refused', async () => {
  await rawPutManifest(target, 'hostile/app', 'wide', indexOf(Array.from({ length: MAX_PULL_MANIFESTS + 1 }, () => image.manifest)));
  await assertRefused('wide', new RegExp(`hostile/app:wide lists more than ${MAX_PULL_MANIFESTS} manifests`));
});

test('indexes nested deeper than the bound are refused; a shallow nesting pulls', async () => {
  let child = image.manifest;
  for (let level = 1; level <= MAX_INDEX_DEPTH + 1; level++) {
    child = indexOf([child]);
    await rawPutManifest(target, 'hostile/app', `depth-${level}`, child);
  }
  await assertRefused(`depth-${MAX_INDEX_DEPTH + 1}`, new RegExp(`nests indexes more than ${MAX_INDEX_DEPTH} levels deep`));
  const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
  const { root } = await pullImage(client, 'hostile/app', 'depth-3', join(work, 'shallow'), { all: true });
  assert.equal(root.mediaType, MT.ociIndex);
});

test('manifests adding up to more bytes than the bound are refused', async () => {
  // One image manifest of about 3.5 MiB (a long annotation), listed often enough to pass the bound.
  const bulky = blobOf(MT.ociManifest, jsonBytes({ ...JSON.parse(image.manifest.bytes.toString('utf8')), annotations: { padding: 'x'.repeat(3.5 * 1024 * 1024) } }));
  await rawPutManifest(target, 'hostile/app', 'bulky', bulky);
  const copies = Math.ceil(MAX_PULL_MANIFEST_BYTES / bulky.size) + 1;
  await rawPutManifest(target, 'hostile/app', 'heavy', indexOf(Array.from({ length: copies }, () => bulky)));
  await assertRefused('heavy', new RegExp(`add up to more than ${MAX_PULL_MANIFEST_BYTES} bytes`));
});
