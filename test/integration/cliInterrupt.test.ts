// `crx blob` and `crx pull` interrupted by SIGINT/SIGTERM mid-transfer (a scripted server that sends
// part of a layer, then nothing), and pulls that fail: exit 130/143 or 1, and no file or folder the
// command created is left behind, while files that were there before stay.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, crx, startCrx, type CliResult } from '../harness/crxProcess';
import { buildImage, imageBlobs } from '../harness/fixtures';
import { sendJson, serveBytes, startFaultServer, type RunningFaultServer } from '../harness/faultServer';
import { rawPushBlob, rawPutManifest } from '../harness/fixturesUpload';
import { startRegistry } from '../harness/registryServer';

before(buildCli);

const image = buildImage({ label: 'interrupt', paddingBytes: 400_000 });
const layer = image.layers[0];

/** Serves the image; the layer's body stops after 100 kB and the connection stays open. */
async function withStallingServer(body: (server: RunningFaultServer, work: string) => Promise<void>): Promise<void> {
  const server = await startFaultServer((request, response) => {
    const path = request.url;
    if (path === '/v2/r/img/manifests/latest') {
      response.writeHead(200, { 'content-type': image.manifest.mediaType, 'content-length': image.manifest.size });
      return void response.end(image.manifest.bytes);
    }
    if (path === `/v2/r/img/blobs/${layer.digest}`) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': layer.size });
      return void response.write(layer.bytes.subarray(0, 100_000));
    }
    const blob = imageBlobs(image).find((b) => path === `/v2/r/img/blobs/${b.digest}`);
    if (blob) return serveBytes(request, response, blob.bytes);
    sendJson(response, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'no such thing' }] });
  });
  const work = await mkdtemp(join(tmpdir(), 'crx-interrupt-'));
  try {
    await body(server, work);
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** Every file under `dir`, relative; [] for a missing folder. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

/** Starts crx, waits until a `.partial` file shows up under `watch`, then sends `signal`. */
async function interruptMidTransfer(args: string[], watch: string, signal: NodeJS.Signals): Promise<CliResult> {
  const running = startCrx(args);
  const deadline = Date.now() + 15_000;
  while (!(await filesUnder(watch)).some((f) => f.endsWith('.partial'))) {
    if (Date.now() > deadline) {
      running.child.kill('SIGKILL');
      throw new Error(`no .partial file appeared under ${watch}: ${(await running.result).stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  running.child.kill(signal);
  return running.result;
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`crx blob stopped by ${signal} exits ${code} and leaves no partial file`, async () => {
    await withStallingServer(async (server, work) => {
      const result = await interruptMidTransfer(['blob', `${server.host}/r/img@${layer.digest}`, '-o', join(work, 'layer.bin')], work, signal);
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, new RegExp(`crx blob: interrupted by ${signal}`));
      assert.deepEqual(await filesUnder(work), []);
    });
  });

  test(`crx pull stopped by ${signal} removes the folder it created`, async () => {
    await withStallingServer(async (server, work) => {
      const layout = join(work, 'new', 'layout');
      const result = await interruptMidTransfer(['pull', `${server.host}/r/img:latest`, layout], work, signal);
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, new RegExp(`crx pull: interrupted by ${signal}`));
      assert.deepEqual(await readdir(work), []);
    });
  });
}

test('crx pull interrupted in a folder that existed keeps the folder and the files that were there', async () => {
  await withStallingServer(async (server, work) => {
    await mkdir(join(work, 'blobs', 'sha256'), { recursive: true });
    await writeFile(join(work, 'notes.txt'), 'mine');
    const result = await interruptMidTransfer(['pull', `${server.host}/r/img:latest`, work], work, 'SIGINT');
    assert.equal(result.code, 130, result.stderr);
    assert.deepEqual(await filesUnder(work), ['notes.txt']);
    assert.deepEqual(await readdir(join(work, 'blobs')), ['sha256']);
  });
});

test('a pull that fails on a corrupt blob (real registry) leaves nothing in a new folder and nothing new in an existing one', async () => {
  const registry = await startRegistry();
  const work = await mkdtemp(join(tmpdir(), 'crx-pull-fail-'));
  try {
    const target = { url: registry.url };
    for (const blob of [image.config, ...image.layers]) await rawPushBlob(target, 'r/img', blob);
    await rawPutManifest(target, 'r/img', 'latest', image.manifest);
    // The registry serves what its storage holds: flip bytes of the layer there.
    const hex = layer.digest.slice('sha256:'.length);
    const stored = join(registry.rootDir, 'data', 'docker', 'registry', 'v2', 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
    await writeFile(stored, Buffer.alloc(layer.size, 7));

    const fresh = join(work, 'fresh');
    const failed = await crx(['pull', `${registry.host}/r/img:latest`, fresh]);
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /digest/);
    assert.deepEqual(await readdir(work), []);

    await writeFile(join(work, 'notes.txt'), 'mine');
    const again = await crx(['pull', `${registry.host}/r/img:latest`, work]);
    assert.equal(again.code, 1, again.stderr);
    assert.deepEqual(await filesUnder(work), ['notes.txt']);
    assert.deepEqual(await readdir(work), ['notes.txt']);
  } finally {
    await registry.close();
    await rm(work, { recursive: true, force: true });
  }
});

test('Ctrl-C while crx waits for --password-stdin ends it at once with 130', async () => {
  const running = startCrx(['tags', '127.0.0.1:9/r/img', '--username', 'u', '--password-stdin', '--verbose'], { input: null });
  const deadline = Date.now() + 15_000;
  let stderr = '';
  running.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  while (!stderr.includes('waiting for the password or token on standard input')) {
    assert.ok(Date.now() < deadline, `crx never said it was waiting for standard input: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const sent = Date.now();
  running.child.kill('SIGINT');
  const result = await running.result;
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /crx tags: interrupted by SIGINT/);
  assert.ok(Date.now() - sent < 3_000, `took ${Date.now() - sent} ms`);
});
