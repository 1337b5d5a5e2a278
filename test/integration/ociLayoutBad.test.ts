// Broken and hostile layouts: each is a clear RegistryError naming what is wrong, never a crash, a
// hang or a file left behind; a blob that resolves outside the folder is never read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OciLayoutService, layoutRepositoryName } from '../../src/registry/sources/ociLayout';
import { DigestMismatchError, NotFoundError, RegistryError, SizeMismatchError } from '../../src/registry/errors';
import { MT, buildArtifact, buildImage, imageBlobs, writeOciLayout } from '../harness/fixtures';

let work: string;
let count = 0;
const image = buildImage({ label: 'bad-layout' });

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'crx-bad-layout-'));
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** A fresh, valid layout `img` holding `image` as `1.0`. */
async function goodLayout(): Promise<{ dir: string; service: OciLayoutService; blob: (digest: string) => string }> {
  const dir = join(work, `case${count++}`, 'img');
  await writeOciLayout(dir, [{ tag: '1.0', root: image.manifest }], imageBlobs(image));
  return { dir, service: new OciLayoutService(dir), blob: (digest) => join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)) };
}

test('repository names come from the folder name in the OCI grammar', () => {
  assert.equal(layoutRepositoryName('/x/My Images'), 'my-images');
  assert.equal(layoutRepositoryName('/x/__'), 'layout');
  assert.equal(layoutRepositoryName('/x/app.v2'), 'app.v2');
});

test('a folder that is not there, or has no oci-layout file, is a clear error', async () => {
  await assert.rejects(new OciLayoutService(join(work, 'absent')).ping(), (e: Error) => e instanceof NotFoundError && /is not there/.test(e.message));
  const { dir, service } = await goodLayout();
  await unlink(join(dir, 'oci-layout'));
  await assert.rejects(service.listRepositories(), (e: Error) => e instanceof NotFoundError && /oci-layout file/.test(e.message));
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion": 1}');
  await assert.rejects(service.ping(), /does not name an imageLayoutVersion/);
});

test('no index.json, bad JSON or a bad entry in it: clear errors', async () => {
  const { dir, service } = await goodLayout();
  await writeFile(join(dir, 'index.json'), '{"manifests": [');
  await assert.rejects(service.listTags('img'), (e: Error) => e instanceof RegistryError && /index\.json is not valid JSON/.test(e.message));
  await writeFile(join(dir, 'index.json'), '{"manifests": [{"mediaType": "x/y", "digest": "sha256:../../etc/passwd", "size": 1}]}');
  await assert.rejects(service.listTags('img'), /invalid digest/);
  await unlink(join(dir, 'index.json'));
  await assert.rejects(service.listTags('img'), (e: Error) => e instanceof NotFoundError && /index\.json/.test(e.message));
});

test('a missing blob is NotFound; a corrupt one a DigestMismatch, also while streaming, and no download is left', async () => {
  const { service, blob } = await goodLayout();
  await unlink(blob(image.config.digest));
  await assert.rejects(service.fetchBlob('img', image.config), (e: Error) => e instanceof NotFoundError && /missing from the OCI layout/.test(e.message));
  const layer = image.layers[0];
  const flipped = Buffer.from(layer.bytes);
  flipped[0] ^= 0xff;
  await writeFile(blob(layer.digest), flipped);
  const stream = await service.openBlob('img', layer);
  await assert.rejects((async () => { for await (const chunk of stream) void chunk; })(), DigestMismatchError);
  await assert.rejects(service.downloadBlob('img', layer, join(work, 'layer.tgz')), DigestMismatchError);
  assert.ok(!(await readdir(work)).some((name) => name.includes('layer.tgz')), 'no file, no partial file');
  await writeFile(blob(layer.digest), Buffer.concat([layer.bytes, Buffer.from('x')]));
  await assert.rejects(service.fetchBlob('img', layer), SizeMismatchError);
  await writeFile(blob(image.manifest.digest), '{"schemaVersion": 2, "not": "this"}');
  await assert.rejects(service.getManifest('img', '1.0'), SizeMismatchError);
});

test('a blob that is a symbolic link out of the folder is refused without being read', async () => {
  const { service, blob } = await goodLayout();
  const outside = join(work, 'secret.txt');
  await writeFile(outside, image.config.bytes);
  await unlink(blob(image.config.digest));
  await symlink(outside, blob(image.config.digest));
  await assert.rejects(service.fetchBlob('img', image.config), /points outside the layout folder/);
  await assert.rejects(service.openBlob('img', image.config), /points outside the layout folder/);
});

test('unknown tags and repositories are NotFound; entries without a ref name are untagged manifests', async () => {
  const { dir, service } = await goodLayout();
  await assert.rejects(service.getManifest('img', 'nope'), (e: Error) => e instanceof NotFoundError && /no image named "nope"/.test(e.message));
  await assert.rejects(service.getManifest('other', '1.0'), NotFoundError);
  const sbom = buildArtifact({ artifactType: 'application/vnd.example.sbom', layerMediaType: 'application/json', content: '{}', subject: image.manifest });
  await writeOciLayout(dir, [{ tag: '1.0', root: image.manifest }, { tag: 'not a tag!', root: sbom.manifest }], [...imageBlobs(image), sbom.config, ...sbom.layers]);
  const index = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { annotations?: object }[] };
  delete index.manifests[1].annotations;
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
  assert.deepEqual((await service.listTags('img')).items.map((t) => t.name), ['1.0']);
  const manifests = (await service.listManifests('img')).items;
  assert.deepEqual(manifests.map((m) => [m.digest, m.tags]), [[image.manifest.digest, ['1.0']], [sbom.manifest.digest, []]]);
  assert.ok(manifests.every((m) => m.size === undefined), 'a listed size would be taken for the image\'s size');
  const referrers = await service.listReferrers('img', image.manifest.digest);
  assert.deepEqual(referrers.map((r) => [r.digest, r.artifactType, r.mediaType]), [[sbom.manifest.digest, 'application/vnd.example.sbom', MT.ociManifest]]);
  assert.deepEqual(await service.listReferrers('img', sbom.manifest.digest), []);
});
