// Filling tag rows in against a real docker-registry: what each row says (kind, sizes, created time)
// checked against the fixtures' own bytes, a bounded number of requests in flight, each digest's
// content fetched once, and a failing row that stays plain without stopping the others.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import type { FetchedManifest, RegistryService } from '../../src/registry/types';
import { DetailsLoader, type DetailRow } from '../../src/ui/tree/detailsLoader';
import { buildArtifact, buildImage, buildIndex, imageBlobs, type BlobData, type BuiltImage } from '../harness/fixtures';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';

const REPO = 'details/app';
const EXTRA_IMAGES = 10;

let registry: RunningRegistry;
let client: RegistryClient;
let hello: BuiltImage;
let multi: ReturnType<typeof buildIndex>;

async function pushImage(image: BuiltImage, tag?: string): Promise<void> {
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await client.uploadBlob(REPO, blob.bytes);
  await client.putManifest(REPO, image.manifest.bytes, tag ? { reference: tag } : {});
}

const sizeOf = (image: BuiltImage) => [image.config, ...image.layers].reduce((total, blob: BlobData) => total + blob.size, 0);

before(async () => {
  registry = await startRegistry();
  client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
  hello = buildImage({ label: 'details-hello', paddingBytes: 5000 });
  await pushImage(hello, '1.0');
  await client.putManifest(REPO, hello.manifest.bytes, { reference: 'latest' });
  multi = buildIndex({ label: 'details-multi' });
  for (const image of multi.images) await pushImage(image);
  await client.putManifest(REPO, multi.index.bytes, { reference: 'multi' });
  await client.putManifest(REPO, multi.index.bytes, { reference: 'multi-again' });
  const sbom = buildArtifact({ artifactType: 'application/spdx+json', layerMediaType: 'application/spdx+json', content: '{"spdxVersion":"SPDX-2.3"}', subject: hello.manifest });
  for (const blob of [sbom.config, ...sbom.layers]) await client.uploadBlob(REPO, blob.bytes);
  await client.putManifest(REPO, sbom.manifest.bytes, { reference: 'sbom' });
  for (let i = 0; i < EXTRA_IMAGES; i++) await pushImage(buildImage({ label: `details-extra-${i}` }), `2.${i}`);
});

after(() => registry.close());

/** The real client, counting manifest and blob requests and how many were in flight at once. */
function counting(service: RegistryService) {
  const counts = { inFlight: 0, maxInFlight: 0, manifests: [] as string[], blobs: 0 };
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    counts.inFlight++;
    counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
    try {
      return await work();
    } finally {
      counts.inFlight--;
    }
  };
  const wrapped = {
    getManifest: (repository: string, reference: string, options?: object) => {
      counts.manifests.push(reference);
      return track(() => service.getManifest(repository, reference, options));
    },
    fetchBlob: (repository: string, descriptor: { digest: string; size: number }, options?: object) => {
      counts.blobs++;
      return track(() => service.fetchBlob(repository, descriptor, options));
    },
  };
  return { counts, wrapped };
}

function rowFor(wrapped: DetailRow['client'], tag: string, manifest?: () => Promise<FetchedManifest>): DetailRow {
  return {
    key: `r:${registry.url}/${REPO}:${tag}`, ancestors: [`r:${registry.url}/${REPO}`, `r:${registry.url}`], scope: `${registry.url} ${REPO}`, client: wrapped, repository: REPO, wantsConfigTime: true,
    manifest: manifest ?? (() => wrapped.getManifest(REPO, tag)),
  };
}

test('every listed tag is filled in with at most four requests in flight, and each digest is read once', async () => {
  const { counts, wrapped } = counting(client);
  const filled: string[] = [];
  const loader = new DetailsLoader((key) => filled.push(key), (key, error) => assert.fail(`${key}: ${String(error)}`));
  const tags = (await client.listTags(REPO)).items.map((t) => t.name);
  assert.ok(tags.some((t) => t.startsWith('sha256-')), `the SBOM push kept a referrers tag (${tags.join(', ')})`);
  const results = await Promise.all(tags.map((tag) => loader.request(rowFor(wrapped, tag))));
  assert.ok(counts.maxInFlight <= 4, `at most 4 requests in flight, saw ${counts.maxInFlight}`);
  assert.ok(counts.maxInFlight >= 2, 'the loader does work in parallel');
  assert.equal(filled.length, tags.length);
  const byTag = new Map(tags.map((t, i) => [t, results[i]]));

  const image = byTag.get('1.0');
  assert.deepEqual(image?.kind, { kind: 'image' });
  assert.equal(image?.size, sizeOf(hello));
  assert.equal(image?.configCreated, '2024-01-01T00:00:00Z');
  assert.equal(image?.digest, hello.manifest.digest);

  const index = byTag.get('multi');
  assert.deepEqual(index?.kind, { kind: 'index', platforms: 2 });
  assert.deepEqual(index?.platformSizes?.map((p) => [p.platform, p.size]), multi.images.map((i) => [`${i.platform.os}/${i.platform.architecture}${i.platform.variant ? `/${i.platform.variant}` : ''}`, sizeOf(i)]));
  assert.equal(index?.configCreated, '2024-01-01T00:00:00Z', 'an index takes its first platform\'s config date');

  const sbom = byTag.get('sbom');
  assert.equal(sbom?.kind.kind === 'artifact' && sbom.kind.label, 'sbom (SPDX)');
  assert.equal(sbom?.annotationCreated, '2024-01-01T00:00:00Z');
  assert.equal(sbom?.configCreated, undefined, 'an artifact\'s empty config is not fetched for a date');

  // Tags sharing a manifest cost one manifest request each (by tag), never a second round of platforms or configs.
  const platformFetches = counts.manifests.filter((ref) => multi.images.some((i) => i.manifest.digest === ref));
  assert.equal(platformFetches.length, 2, `platform manifests fetched once: ${counts.manifests.join(', ')}`);
  assert.equal(counts.manifests.length, tags.length + 2);
  // One config per distinct image for its date: hello (two tags), the index's first platform (two tags), the extra images.
  assert.equal(counts.blobs, 2 + EXTRA_IMAGES);
});

test('a row whose manifest cannot be read stays plain, is logged once and not asked again; the others fill in', async () => {
  const { wrapped } = counting(client);
  const failures: string[] = [];
  const loader = new DetailsLoader(() => undefined, (key, error) => failures.push(`${key}: ${(error as Error).message}`), 2);
  const broken = rowFor(wrapped, 'no-such-tag');
  const results = await Promise.all([loader.request(broken), loader.request(rowFor(wrapped, '1.0'))]);
  assert.equal(results[0], undefined);
  assert.equal(results[1]?.size, sizeOf(hello));
  assert.equal(failures.length, 1);
  assert.match(failures[0], /no-such-tag/);
  assert.equal(await loader.request(broken), undefined);
  assert.equal(failures.length, 1, 'a failed row is not fetched again until it is refreshed');
  loader.forget(broken.key);
  assert.equal(await loader.request(broken), undefined);
  assert.equal(failures.length, 2, 'a refreshed row is tried again');
});

test('queued rows under a collapsed parent are dropped; a refresh drops what is known', async () => {
  const { counts, wrapped } = counting(client);
  const loader = new DetailsLoader(() => undefined, () => undefined, 1);
  const tags = ['2.0', '2.1', '2.2', '2.3'];
  const pending = tags.map((tag) => loader.request(rowFor(wrapped, tag)));
  loader.cancelQueued(`r:${registry.url}/${REPO}`);
  const results = await Promise.all(pending);
  assert.equal(results.filter(Boolean).length, 1, 'only the row already started finished');
  assert.equal(counts.manifests.length, 1);
  const key = rowFor(wrapped, '2.0').key;
  assert.ok(loader.details(key));
  loader.forget(`r:${registry.url}/${REPO}`);
  assert.equal(loader.details(key), undefined);
});
