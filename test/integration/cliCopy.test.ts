// `crx tag` and `crx copy` as users run them (the bundled CLI in a child process) against real
// registries with different credentials on each side; skopeo checks the result. Moving a tag needs
// --force; Ctrl-C in the middle of a blob exits 130 and leaves no destination tag.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, crx, startCrx } from '../harness/crxProcess';
import { buildImage, imageBlobs } from '../harness/fixtures';
import { startRegistry } from '../harness/registryServer';
import { ALL_MANIFEST_TYPES, headStatus, rawManifest, seedWithSkopeo, skopeoDirFiles } from '../harness/copyFixtures';
import { startCopySource } from '../harness/copySourceServer';

before(buildCli);

const SRC = { username: 'src-user', password: 'src-pass-never-printed' };
const DST = { username: 'dst-user', password: 'dst-pass-never-printed' };

test('crx tag adds a tag with the same digest, and moves an existing one only with --force', async () => {
  const registry = await startRegistry();
  try {
    const first = buildImage({ label: 'cli-tag-1' });
    const second = buildImage({ label: 'cli-tag-2' });
    await seedWithSkopeo(registry, 'apps/web:v1', first.manifest, imageBlobs(first));
    await seedWithSkopeo(registry, 'apps/web:v2', second.manifest, imageBlobs(second));
    const added = await crx(['tag', `${registry.host}/apps/web:v1`, 'stable']);
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.stdout.toString().trim(), first.manifest.digest);
    assert.ok((await rawManifest(registry, 'apps/web:stable')).equals(first.manifest.bytes));
    const refused = await crx(['tag', `${registry.host}/apps/web:v2`, 'stable']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`${first.manifest.digest}.*${second.manifest.digest}.*--force`));
    assert.ok((await rawManifest(registry, 'apps/web:stable')).equals(first.manifest.bytes), 'not moved');
    const forced = await crx(['tag', `${registry.host}/apps/web@${second.manifest.digest}`, 'stable', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, new RegExp(`moved apps/web:stable from ${first.manifest.digest}`));
    assert.ok((await rawManifest(registry, 'apps/web:stable')).equals(second.manifest.bytes));
  } finally {
    await registry.close();
  }
});

test('crx copy between registries with their own credentials: --password-stdin for the source, --dest-docker-config for the destination', async () => {
  const [source, destination] = await Promise.all([
    startRegistry({ auth: { kind: 'htpasswd', users: { [SRC.username]: SRC.password } } }),
    startRegistry({ auth: { kind: 'htpasswd', users: { [DST.username]: DST.password } } }),
  ]);
  const work = await mkdtemp(join(tmpdir(), 'crx-cli-copy-'));
  try {
    const image = buildImage({ label: 'cli-copy', paddingBytes: 200_000 });
    await seedWithSkopeo(source, 'apps/web:v1', image.manifest, imageBlobs(image), SRC);
    const dockerConfig = join(work, 'config.json');
    await writeFile(dockerConfig, JSON.stringify({ auths: { [destination.host]: { auth: Buffer.from(`${DST.username}:${DST.password}`).toString('base64') } } }));
    const args = ['copy', `${source.host}/apps/web:v1`, `${destination.host}/mirror/web`, '--username', SRC.username, '--password-stdin', '--dest-docker-config', dockerConfig];
    const copied = await crx([...args, '--concurrency', '1'], { input: SRC.password });
    assert.equal(copied.code, 0, copied.stderr);
    assert.equal(copied.stdout.toString().trim(), image.manifest.digest);
    assert.match(copied.stderr, /2 streamed, 0 mounted/);
    assert.doesNotMatch(copied.stderr, /pass-never-printed/);
    assert.deepEqual(await skopeoDirFiles(destination, 'mirror/web:v1', DST), await skopeoDirFiles(source, 'apps/web:v1', SRC));
    const badConcurrency = await crx([...args, '--concurrency', '0'], { input: SRC.password });
    assert.equal(badConcurrency.code, 2, badConcurrency.stderr);
    assert.match(badConcurrency.stderr, /--concurrency must be an integer from 1 to 32/);
    const both = await crx([...args.slice(0, -2), '--dest-password-stdin', '--dest-username', DST.username], { input: SRC.password });
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /cannot both read standard input/);
    const other = buildImage({ label: 'cli-copy-other' });
    await seedWithSkopeo(source, 'apps/web:v2', other.manifest, imageBlobs(other), SRC);
    const onto = await crx(['copy', `${source.host}/apps/web:v2`, `${destination.host}/mirror/web:v1`, ...args.slice(3)], { input: SRC.password });
    assert.equal(onto.code, 1, onto.stderr);
    assert.match(onto.stderr, new RegExp(`${image.manifest.digest}.*${other.manifest.digest}.*--force`));
    const forced = await crx(['copy', `${source.host}/apps/web:v2`, `${destination.host}/mirror/web:v1`, ...args.slice(3), '--force'], { input: SRC.password });
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok((await rawManifest(destination, 'mirror/web:v1', DST)).equals(other.manifest.bytes));
  } finally {
    await Promise.all([source.close(), destination.close()]);
    await rm(work, { recursive: true, force: true });
  }
});

test('crx copy stopped by Ctrl-C in the middle of a blob exits 130 and leaves no destination tag', async () => {
  const image = buildImage({ label: 'cli-copy-interrupt', paddingBytes: 400_000 });
  const server = await startCopySource(image, 'r/img', 'stall');
  const destination = await startRegistry();
  try {
    const running = startCrx(['copy', `${server.host}/r/img:latest`, `${destination.host}/mirror/img:v1`]);
    const deadline = Date.now() + 15_000;
    while (!server.requests.some((r) => r.url === `/v2/r/img/blobs/${image.layers[0].digest}`)) {
      if (Date.now() > deadline) throw new Error(`the layer was never requested: ${(await running.result).stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    running.child.kill('SIGINT');
    const result = await running.result;
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /crx copy: interrupted by SIGINT/);
    assert.equal(await headStatus(destination, '/v2/mirror/img/manifests/v1', ALL_MANIFEST_TYPES), 404);
    assert.equal(await headStatus(destination, `/v2/mirror/img/blobs/${image.layers[0].digest}`), 404);
  } finally {
    await Promise.all([server.close(), destination.close()]);
  }
});
