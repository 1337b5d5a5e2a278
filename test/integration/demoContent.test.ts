// What `npm run demo` shows must be there: the signed web app's referrers (found through the referrers
// tag schema on a real docker-registry 2.8), its build history lined up with its layers, and a tag
// list long enough that the tree needs a second page (through the demo's tag-paging proxy).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import type { ImageManifest } from '../../src/registry/types';
import { summarizeImage } from '../../src/ui/summary/imageSummary';
import { PagedList } from '../../src/ui/tree/paging';
import { JOSE_ENVELOPE, NOTATION_SIGNATURE, SPDX_JSON } from '../harness/demoImages';
import { MANY_TAGS_COUNT, MANY_TAGS_REPOSITORY, WEBAPP_REPOSITORY, seedDemoContent, type DemoContent } from '../harness/demoSeed';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { dockerTransport, skopeoAccessFor, skopeoInspectRaw } from '../harness/skopeo';
import { startTagPagingProxy, type RunningTagPagingProxy } from '../harness/tagPagingProxy';

let registry: RunningRegistry;
let proxy: RunningTagPagingProxy;
let demo: DemoContent;
let client: RegistryClient;

before(async () => {
  registry = await startRegistry();
  const started = Date.now();
  demo = await seedDemoContent({ url: registry.url });
  console.log(`demo content seeded in ${Date.now() - started} ms`);
  proxy = await startTagPagingProxy(registry.url);
  client = new RegistryClient({ host: proxy.host, auth: { kind: 'anonymous' } });
});

after(async () => {
  await proxy?.close();
  await registry?.close();
});

test('the signed web app lists its Notation signature and SPDX SBOM as referrers, from the sha256-<hex> tag', async () => {
  const digest = demo.webApp.manifest.digest;
  const referrers = await client.listReferrers(WEBAPP_REPOSITORY, digest);
  assert.deepEqual(referrers.map((r) => r.artifactType).sort(), [NOTATION_SIGNATURE, SPDX_JSON].sort());
  assert.deepEqual(referrers.map((r) => r.digest).sort(), [demo.signature.manifest.digest, demo.sbom.manifest.digest].sort());
  // skopeo, as an independent reader, finds the same index under the tag the schema names.
  const access = await skopeoAccessFor(registry);
  const tagged = await skopeoInspectRaw(dockerTransport(registry.host, `${WEBAPP_REPOSITORY}:sha256-${digest.slice('sha256:'.length)}`), access);
  assert.ok(tagged.equals(demo.referrersIndex.bytes));

  for (const [referrer, layerType] of [[demo.signature, JOSE_ENVELOPE], [demo.sbom, SPDX_JSON]] as const) {
    const fetched = await client.getManifest(WEBAPP_REPOSITORY, referrer.manifest.digest);
    const manifest = fetched.manifest as ImageManifest;
    assert.equal(manifest.subject?.digest, digest);
    assert.equal(manifest.layers[0].mediaType, layerType);
    const body = JSON.parse((await client.fetchBlob(WEBAPP_REPOSITORY, manifest.layers[0])).toString('utf8')) as Record<string, unknown>;
    if (layerType === SPDX_JSON) assert.equal(body.spdxVersion, 'SPDX-2.3');
    else assert.ok(typeof body.payload === 'string' && typeof body.signature === 'string');
  }
  // The previous build is not signed.
  assert.deepEqual(await client.listReferrers(WEBAPP_REPOSITORY, demo.previousWebApp.manifest.digest), []);
});

test('the web app has five layers and a build history aligned with them, empty-layer steps marked', async () => {
  for (const tag of ['2.4.1', '2.4', 'latest']) {
    assert.equal((await client.getManifest(WEBAPP_REPOSITORY, tag)).digest, demo.webApp.manifest.digest, tag);
  }
  const fetched = await client.getManifest(WEBAPP_REPOSITORY, '2.4.1');
  const manifest = fetched.manifest as ImageManifest;
  const summary = summarizeImage(manifest, await client.fetchBlob(WEBAPP_REPOSITORY, manifest.config));
  assert.equal(summary.layers.length, 5);
  assert.ok(summary.historyAligned, 'history does not line up with the layers');
  assert.equal(summary.history.length, 13);
  assert.deepEqual(summary.history.filter((step) => !step.emptyLayer).map((step) => step.layer?.index), [0, 1, 2, 3, 4]);
  assert.equal(summary.history.filter((step) => step.emptyLayer).length, 8);
  assert.match(summary.history[0].createdBy ?? '', /ADD file:/);
  assert.deepEqual(summary.entrypoint, ['/srv/app/server']);
  assert.deepEqual(summary.exposedPorts, ['8080/tcp']);
  assert.equal(summary.user, 'app');
  assert.equal(summary.workingDir, '/srv/app');
});

test('the long tag list needs a second page, as the tree draws it', async () => {
  const first = await client.listTags(MANY_TAGS_REPOSITORY, { pageSize: 100 });
  assert.equal(first.items.length, 100);
  assert.ok(first.next, 'no next page after 100 of 150 tags');
  const list = new PagedList((request) => client.listTags(MANY_TAGS_REPOSITORY, { pageSize: 100, ...request }), (tag) => tag.name, undefined, false);
  await list.loadMore(100, 10);
  assert.equal(list.items.length, 100);
  assert.equal(list.done, false, 'the tree would show no "Load more"');
  await list.loadMore(100, 10);
  assert.equal(list.done, true);
  assert.deepEqual(list.items.map((tag) => tag.name).sort(), [...demo.manyTags].sort());
  assert.equal(new Set(list.items.map((tag) => tag.name)).size, MANY_TAGS_COUNT);
  // Behind the proxy sits the real registry, which sends every tag at once.
  const direct = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
  const all = await direct.listTags(MANY_TAGS_REPOSITORY, { pageSize: 100 });
  assert.equal(all.items.length, MANY_TAGS_COUNT);
  assert.equal(all.next, undefined);
});

test('pushing through the tag-paging proxy works: uploads follow the registry\'s own upload URLs', async () => {
  const bytes = Buffer.from('pushed through the proxy');
  const descriptor = await client.uploadBlob('samples/through-proxy', bytes);
  assert.ok((await client.fetchBlob('samples/through-proxy', descriptor)).equals(bytes));
});
