// `crx` off the happy path: each wrong input or odd registry answer gets its own clear error and
// exit code (1 for registry and operation errors, 2 for usage), and no file is left behind.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, crx } from '../harness/crxProcess';
import { buildImage } from '../harness/fixtures';
import { sendJson, startFaultServer, type FaultHandler, type RunningFaultServer } from '../harness/faultServer';
import { rawPushBlob, rawPutManifest } from '../harness/fixturesUpload';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';

before(buildCli);

const image = buildImage({ label: 'cli-errors' });
const layer = image.layers[0];

async function withRegistry(body: (registry: RunningRegistry, work: string) => Promise<void>): Promise<void> {
  const registry = await startRegistry();
  const work = await mkdtemp(join(tmpdir(), 'crx-cli-errors-'));
  try {
    const target = { url: registry.url };
    for (const blob of [image.config, ...image.layers]) await rawPushBlob(target, 'r/img', blob);
    await rawPutManifest(target, 'r/img', 'latest', image.manifest);
    await body(registry, work);
  } finally {
    await registry.close();
    await rm(work, { recursive: true, force: true });
  }
}

async function withServer(handler: FaultHandler, body: (server: RunningFaultServer, work: string) => Promise<void>): Promise<void> {
  const server = await startFaultServer(handler);
  const work = await mkdtemp(join(tmpdir(), 'crx-cli-errors-'));
  try {
    await body(server, work);
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

test('a missing blob is a registry error (exit 1, the registry\'s message), not a usage error', async () => {
  await withRegistry(async (registry, work) => {
    const result = await crx(['blob', `${registry.host}/r/img@sha256:${'0'.repeat(64)}`, '-o', join(work, 'x')]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /BLOB_UNKNOWN: blob unknown to registry/);
    assert.doesNotMatch(result.stderr, /Usage:/);
    assert.deepEqual(await readdir(work), []);
  });
});

test('a bracketed host that is not an IPv6 address is a reference error (exit 2)', async () => {
  for (const text of ['[:]/app:x', '[...]/app:x', '[1.2.3.4]/app:x']) {
    const result = await crx(['manifest', text]);
    assert.equal(result.code, 2, `${text}: ${result.stderr}`);
    assert.match(result.stderr, /invalid registry host .*not an IPv6 address/, text);
    assert.doesNotMatch(result.stderr, /unexpected error/, text);
  }
  // A real IPv6 address is accepted: the command gets as far as connecting (nothing listens there).
  const real = await crx(['manifest', '[::1]:1/app:x']);
  assert.equal(real.code, 1, real.stderr);
  assert.match(real.stderr, /\[::1\]:1/);
  assert.doesNotMatch(real.stderr, /ENOTFOUND/, 'the address is connected to, not looked up as a name');
});

test('push --ref-name that names nothing in the layout is an error, and nothing is pushed', async () => {
  await withRegistry(async (registry, work) => {
    const layout = join(work, 'layout');
    const pulled = await crx(['pull', `${registry.host}/r/img:latest`, layout]);
    assert.equal(pulled.code, 0, pulled.stderr);
    const pushed = await crx(['push', layout, `${registry.host}/r/copy:v1`, '--ref-name', 'nope']);
    assert.equal(pushed.code, 1, pushed.stderr);
    assert.match(pushed.stderr, /has no image named "nope" \(it has: latest\)/);
    const tags = await crx(['tags', `${registry.host}/r/copy`]);
    assert.equal(tags.code, 1, 'the repository was never created');
    assert.match(tags.stderr, /NAME_UNKNOWN/);
  });
});

test('a blob served without Content-Length is downloaded and verified by its digest', async () => {
  let content = layer.bytes;
  await withServer((request, response) => {
    if (request.url !== `/v2/r/img/blobs/${layer.digest}`) return sendJson(response, 404, { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown' }] });
    response.writeHead(200, { 'content-type': 'application/octet-stream' }); // chunked: no length
    if (request.method === 'GET') response.write(content);
    response.end();
  }, async (server, work) => {
    const out = join(work, 'layer.bin');
    const result = await crx(['blob', `${server.host}/r/img@${layer.digest}`, '-o', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /NaN/);
    assert.match(result.stderr, new RegExp(`wrote ${layer.size} bytes`));
    assert.ok((await readFile(out)).equals(layer.bytes));

    content = Buffer.concat([layer.bytes, Buffer.from('tail')]);
    const corrupt = await crx(['blob', `${server.host}/r/img@${layer.digest}`, '-o', join(work, 'corrupt.bin')]);
    assert.equal(corrupt.code, 1, corrupt.stderr);
    assert.match(corrupt.stderr, /does not match the expected/);
    assert.deepEqual(await readdir(work), ['layer.bin']);
  });
});

test('a --docker-config file that does not exist is a clear error', async () => {
  await withRegistry(async (registry, work) => {
    const missing = join(work, 'no-such', 'config.json');
    const result = await crx(['tags', `${registry.host}/r/img`, '--docker-config', missing]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--docker-config .*no-such\/config\.json: no such file/);
  });
});

test('a --docker-config naming a directory (as DOCKER_CONFIG does) says so and names the file it wants', async () => {
  await withRegistry(async (registry, work) => {
    const result = await crx(['tags', `${registry.host}/r/img`, '--docker-config', work]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--docker-config .*: a directory, not a file \(give the config\.json in it\)/);
  });
});

test('pull into a path that is a file: exit 1 with the file system\'s message, not an "unexpected error"; the file is untouched', async () => {
  await withRegistry(async (registry, work) => {
    const file = join(work, 'a-file');
    await writeFile(file, 'mine');
    const result = await crx(['pull', `${registry.host}/r/img:latest`, file]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /ENOTDIR/);
    assert.doesNotMatch(result.stderr, /unexpected error/);
    assert.equal(await readFile(file, 'utf8'), 'mine');
  });
});

test('blob -o naming a folder is a usage error before anything is downloaded; the folder is left as it was', async () => {
  await withRegistry(async (registry, work) => {
    const result = await crx(['blob', `${registry.host}/r/img@${layer.digest}`, '-o', work]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /-o .* is a folder: name the file to write/);
    assert.deepEqual(await readdir(work), []);
  });
});
