import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { OCI_CONFIG, OCI_MANIFEST } from '../../src/registry/mediaTypes';
import type { FetchedManifest } from '../../src/registry/types';
import { DetailsLoader } from '../../src/ui/tree/detailsLoader';
import { registryKey, repositoryKey, tagKey } from '../../src/ui/tree/nodes';
import type { RegistryConfig } from '../../src/ui/registryConfig';

const REGISTRY: RegistryConfig = { name: 'local', url: 'http://127.0.0.1:5000', auth: 'anonymous' };

function imageManifest(digest: string): FetchedManifest {
  const manifest = { schemaVersion: 2 as const, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, digest: 'sha256:c', size: 2 }, layers: [] };
  return { bytes: Buffer.from(JSON.stringify(manifest)), mediaType: OCI_MANIFEST, digest, manifest };
}

/** Tag and platform rows, keyed as the tree keys them, whose manifests the test hands out one at a time. */
function heldRows() {
  const waiting = new Map<string, (fetched: FetchedManifest) => void>();
  const row = (key: string, ancestors: string[], repository: string) => ({
    key,
    ancestors,
    scope: `${REGISTRY.url} ${repository}`,
    repository,
    wantsConfigTime: false,
    client: { getManifest: () => Promise.reject(new Error('not asked')), fetchBlob: () => Promise.reject(new Error('not asked')) },
    manifest: () => new Promise<FetchedManifest>((resolve) => waiting.set(key, resolve)),
  });
  const tag = (repository: string, name: string) => row(tagKey(REGISTRY, repository, name), [repositoryKey(REGISTRY, repository), registryKey(REGISTRY)], repository);
  const platform = (repository: string, name: string, index: number) => {
    const parent = tag(repository, name);
    return row(`${parent.key}/m${index}`, [parent.key, ...parent.ancestors], repository);
  };
  /** Hands out a row's manifest once the loader has started on it. */
  const answer = async (key: string, digest: string) => {
    await tick();
    const resolve = waiting.get(key);
    assert.ok(resolve, `${key} was started`);
    resolve(imageManifest(digest));
  };
  return { tag, platform, answer, started: (key: string) => waiting.has(key) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function loaderNoting(filled: string[], concurrency: number): DetailsLoader {
  return new DetailsLoader((key) => filled.push(key), (key, error) => assert.fail(`${key}: ${String(error)}`), concurrency);
}

test('refreshing repository app leaves the rows of app-x and app/sub alone: what is known, in flight and queued', async () => {
  const filled: string[] = [];
  const loader = loaderNoting(filled, 1);
  const rows = heldRows();
  const known = rows.tag('app-x', '0');
  const request = loader.request(known);
  await rows.answer(known.key, 'sha256:0');
  await request;
  const inFlight = rows.tag('app-x', '1');
  const queued = rows.tag('app/sub', '1');
  const results = [loader.request(inFlight), loader.request(queued)];
  await tick();
  loader.forget(repositoryKey(REGISTRY, 'app'));
  assert.ok(loader.details(known.key), 'app-x\'s known details stay');
  await rows.answer(inFlight.key, 'sha256:1');
  await rows.answer(queued.key, 'sha256:2');
  assert.deepEqual((await Promise.all(results)).map((details) => details?.digest), ['sha256:1', 'sha256:2']);
  assert.deepEqual(filled, [known.key, inFlight.key, queued.key]);
});

test('collapsing tag 1 or repository app leaves tag 1.2 and the rows of app-x and app/sub queued', async () => {
  const filled: string[] = [];
  const loader = loaderNoting(filled, 1);
  const rows = heldRows();
  const [first, second, platform, sibling, nested] = [rows.tag('app', '1'), rows.tag('app', '1.2'), rows.platform('app', '1', 10), rows.tag('app-x', '1'), rows.tag('app/sub', '1')];
  const results = [first, second, platform, sibling, nested].map((row) => loader.request(row));
  await tick();
  loader.cancelQueued(first.key);
  loader.cancelQueued(`${first.key}/m1`);
  await rows.answer(first.key, 'sha256:1');
  await rows.answer(second.key, 'sha256:2');
  await rows.answer(sibling.key, 'sha256:3');
  loader.cancelQueued(repositoryKey(REGISTRY, 'app'));
  await rows.answer(nested.key, 'sha256:4');
  assert.deepEqual((await Promise.all(results)).map((details) => details?.digest), ['sha256:1', 'sha256:2', undefined, 'sha256:3', 'sha256:4']);
  assert.ok(!rows.started(platform.key), 'the platform row under tag 1 was dropped');
  assert.deepEqual(filled, [first.key, second.key, sibling.key, nested.key]);
});

test('a repository is busy while its own tag rows wait, not while a platform row under a tag or a row of app-x does', async () => {
  const loader = loaderNoting([], 1);
  const rows = heldRows();
  const app = repositoryKey(REGISTRY, 'app');
  const tag = rows.tag('app', 'latest');
  const request = loader.request(tag);
  assert.ok(loader.busyUnder(app));
  await rows.answer(tag.key, 'sha256:1');
  await request;
  void loader.request(rows.platform('app', 'latest', 0));
  void loader.request(rows.tag('app-x', '1'));
  assert.ok(!loader.busyUnder(app), 'every tag row of app is filled in: its tags may be laid out');
  assert.ok(loader.busyUnder(repositoryKey(REGISTRY, 'app-x')));
});

test('a hovered row goes before the rows queued for drawing, whether it was queued already or not', async () => {
  const filled: string[] = [];
  const loader = loaderNoting(filled, 1);
  const rows = heldRows();
  const [first, second, third, hovered] = ['1', '2', '3', '4'].map((name) => rows.tag('app', name));
  for (const row of [first, second, third]) void loader.request(row);
  void loader.request(third, true);
  void loader.request(hovered, true);
  for (const row of [first, hovered, third, second]) await rows.answer(row.key, `sha256:${row.key.slice(-1)}`);
  await tick();
  assert.deepEqual(filled, [first.key, hovered.key, third.key, second.key]);
});
