// ACR's metadata API through the registry service, against the ACR look-alike (written from the ACR
// data-plane spec) in front of a real docker-registry: repository counts, untagged manifests,
// attributes and locks, and deleting a repository.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { LockedError, NotFoundError, UnsupportedError } from '../../src/registry/errors';
import { startAcrServer, type RunningAcr } from '../harness/acrServer';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { buildImage, imageBlobs } from '../harness/fixtures';

const ADMIN = { username: 'acradmin', password: 'acr-admin-password' };
let acr: RunningAcr;

before(async () => {
  acr = await startAcrServer({ users: { [ADMIN.username]: ADMIN.password } });
});

after(async () => {
  await acr?.close();
});

function client(): RegistryClient {
  return new RegistryClient({ host: acr.host, auth: { kind: 'basic', ...ADMIN } });
}

async function pushImage(c: RegistryClient, repository: string, tags: string[], label: string): Promise<{ digest: string; size: number }> {
  const image = buildImage({ label });
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await c.uploadBlob(repository, blob.bytes);
  for (const tag of tags) await c.putManifest(repository, image.manifest.bytes, { reference: tag });
  const manifest = JSON.parse(image.manifest.bytes.toString('utf8')) as { config: { size: number }; layers: Array<{ size: number }> };
  return { digest: image.manifest.digest, size: manifest.config.size + manifest.layers.reduce((sum, l) => sum + l.size, 0) };
}

const sentSince = (from: number, method: string, path: string) => acr.requests.slice(from).filter((r) => r.method === method && r.path === path);

test('the catalog lists names only; ACR\'s tag and manifest counts, times and attributes come per repository', async () => {
  const c = client();
  await pushImage(c, 'meta/counts', ['a', 'b'], 'counts-1');
  await pushImage(c, 'meta/counts', ['b'], 'counts-2');
  const from = acr.requests.length;
  const page = await c.listRepositories();
  assert.deepEqual(page.items.find((r) => r.name === 'meta/counts'), { name: 'meta/counts' }, JSON.stringify(page.items));
  assert.deepEqual(acr.requests.slice(from).filter((r) => r.path.startsWith('/acr/v1/meta')).map((r) => r.path), [], 'listing asks no details');
  const info = await c.getRepositoryInfo('meta/counts');
  assert.equal(info.tagCount, 2);
  assert.equal(info.manifestCount, 2);
  assert.ok(info.lastUpdatedOn && !Number.isNaN(Date.parse(info.lastUpdatedOn)));
  assert.deepEqual(info.attributes, { deleteEnabled: true, writeEnabled: true, listEnabled: true, readEnabled: true });
});

test('tags ordered newest first come that way across pages, the order carried on by the Link', async () => {
  const c = client();
  for (const tag of ['a', 'b', 'c', 'd']) await pushImage(c, 'meta/ordered', [tag], `ordered-${tag}`);
  const first = await c.listTags('meta/ordered', { pageSize: 2, orderBy: 'timedesc' });
  assert.deepEqual(first.items.map((t) => t.name), ['d', 'c']);
  assert.ok(first.next && /orderby=timedesc/.test(first.next.url), first.next?.url);
  const second = await c.listTags('meta/ordered', { pageSize: 2, cursor: first.next });
  assert.deepEqual(second.items.map((t) => t.name), ['b', 'a']);
  assert.equal(second.next, undefined);
  assert.deepEqual((await c.listTags('meta/ordered', { pageSize: 2 })).items.map((t) => t.name), ['a', 'b'], 'by name without orderBy');
});

test('untagged manifests are listed with empty tags, their size and platform, and can be deleted', async () => {
  const c = client();
  const first = await pushImage(c, 'meta/untagged', ['latest'], 'untagged-1');
  await pushImage(c, 'meta/untagged', ['latest'], 'untagged-2');
  const listed = (await c.listManifests('meta/untagged')).items;
  const untagged = listed.find((m) => m.digest === first.digest);
  assert.ok(untagged, 'the manifest the tag moved away from is still listed');
  assert.deepEqual(untagged.tags, []);
  assert.equal(untagged.size, first.size);
  assert.equal(untagged.os, 'linux');
  await c.deleteManifest('meta/untagged', first.digest);
  assert.equal((await c.listManifests('meta/untagged')).items.some((m) => m.digest === first.digest), false);
});

test('a locked tag refuses delete before any DELETE is sent, and push, saying it is locked; unlocked it deletes', async () => {
  const c = client();
  const { digest } = await pushImage(c, 'meta/locks', ['keep', 'other'], 'locks-1');
  const target = { kind: 'tag', repository: 'meta/locks', tag: 'keep' } as const;
  assert.deepEqual(await c.updateAttributes(target, { writeEnabled: false, deleteEnabled: false }), { deleteEnabled: false, writeEnabled: false, listEnabled: true, readEnabled: true });
  assert.equal((await c.listTags('meta/locks')).items.find((t) => t.name === 'keep')?.attributes?.writeEnabled, false);
  const from = acr.requests.length;
  await assert.rejects(c.deleteTag('meta/locks', 'keep', { expectedDigest: digest }), (error: unknown) => {
    assert.ok(error instanceof LockedError, String(error));
    assert.match(error.message, /tag meta\/locks:keep is locked/);
    return true;
  });
  assert.deepEqual(sentSince(from, 'DELETE', '/acr/v1/meta/locks/_tags/keep'), [], 'the lock was seen before sending the delete');
  const other = buildImage({ label: 'locks-2' });
  for (const blob of imageBlobs(other).filter((b) => b !== other.manifest)) await c.uploadBlob('meta/locks', blob.bytes);
  await assert.rejects(c.putManifest('meta/locks', other.manifest.bytes, { reference: 'keep' }), (error: unknown) => error instanceof LockedError && /cannot be pushed to/.test(error.message));
  assert.equal((await c.getManifest('meta/locks', 'keep')).digest, digest, 'the locked tag did not move');
  await c.updateAttributes(target, { writeEnabled: true, deleteEnabled: true });
  await c.deleteTag('meta/locks', 'keep', { expectedDigest: digest });
  assert.deepEqual((await c.listTags('meta/locks')).items.map((t) => t.name), ['other']);
});

test('a locked repository refuses a push with ACR\'s REGISTRY_DISALLOWED_OPERATION, told as a lock', async () => {
  const c = client();
  await pushImage(c, 'meta/lockedrepo', ['v1'], 'lockedrepo-1');
  await c.updateAttributes({ kind: 'repository', repository: 'meta/lockedrepo' }, { writeEnabled: false, deleteEnabled: false });
  assert.equal((await c.getAttributes({ kind: 'repository', repository: 'meta/lockedrepo' })).writeEnabled, false);
  const other = buildImage({ label: 'lockedrepo-2' });
  for (const blob of imageBlobs(other).filter((b) => b !== other.manifest)) await c.uploadBlob('meta/lockedrepo', blob.bytes);
  await assert.rejects(c.putManifest('meta/lockedrepo', other.manifest.bytes, { reference: 'v1' }), (error: unknown) => {
    assert.ok(error instanceof LockedError, `${(error as Error).name}: ${(error as Error).message}`);
    assert.match(error.message, /locked/);
    return true;
  });
  await assert.rejects(c.deleteRepository('meta/lockedrepo'), LockedError);
  await c.updateAttributes({ kind: 'repository', repository: 'meta/lockedrepo' }, { writeEnabled: true, deleteEnabled: true });
});

test('a locked manifest refuses its delete before the DELETE is sent', async () => {
  const c = client();
  const { digest } = await pushImage(c, 'meta/lockedmanifest', ['v1'], 'lockedmanifest');
  await c.updateAttributes({ kind: 'manifest', repository: 'meta/lockedmanifest', digest }, { deleteEnabled: false });
  const from = acr.requests.length;
  await assert.rejects(c.deleteManifest('meta/lockedmanifest', digest), (error: unknown) => error instanceof LockedError && /deleteEnabled false/.test(error.message));
  assert.deepEqual(sentSince(from, 'DELETE', `/v2/meta/lockedmanifest/manifests/${digest}`), []);
});

test('deleting a repository removes its tags and manifests and says which', async () => {
  const c = client();
  const { digest } = await pushImage(c, 'meta/doomed', ['x', 'y'], 'doomed');
  const deleted = await c.deleteRepository('meta/doomed');
  assert.deepEqual(deleted.tagsDeleted.sort(), ['x', 'y']);
  assert.deepEqual(deleted.manifestsDeleted, [digest]);
  assert.equal((await c.listRepositories()).items.some((r) => r.name === 'meta/doomed'), false);
  await assert.rejects(c.getRepositoryInfo('meta/doomed'), NotFoundError);
});

test('a user whose role may delete but not read metadata still deletes a tag, checked against its digest', async () => {
  const withheld = await startAcrServer({ users: { [ADMIN.username]: ADMIN.password }, withheldActions: ['metadata_read'] });
  try {
    const c = new RegistryClient({ host: withheld.host, auth: { kind: 'basic', ...ADMIN } });
    const { digest } = await pushImage(c, 'meta/deleteonly', ['gone', 'kept'], 'deleteonly');
    await c.deleteTag('meta/deleteonly', 'gone', { expectedDigest: digest });
    assert.deepEqual((await c.getManifest('meta/deleteonly', 'kept')).digest, digest);
    await assert.rejects(c.getManifest('meta/deleteonly', 'gone'), NotFoundError);
  } finally {
    await withheld.close();
  }
});

test('on a registry that is not ACR the metadata calls say so instead of guessing', async () => {
  let plain: RunningRegistry | undefined;
  try {
    plain = await startRegistry();
    const c = new RegistryClient({ host: plain.host, auth: { kind: 'anonymous' } });
    await assert.rejects(c.getRepositoryInfo('a'), UnsupportedError);
    await assert.rejects(c.updateAttributes({ kind: 'repository', repository: 'a' }, { writeEnabled: false }), UnsupportedError);
    await assert.rejects(c.deleteRepository('a'), UnsupportedError);
  } finally {
    await plain?.close();
  }
});
