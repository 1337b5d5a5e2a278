// The `crx` CLI as users run it (test/harness/crxProcess.ts) against real registries; skopeo checks
// what it pushed.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, crx } from '../harness/crxProcess';
import { buildImage } from '../harness/fixtures';
import { startFaultServer } from '../harness/faultServer';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { startSilentServer } from '../harness/silentServer';
import { seedSampleContent, type SeededContent } from '../harness/seed';
import { dockerTransport, skopeoAccessFor, skopeoInspectRaw } from '../harness/skopeo';

const USER = 'cli-user';
const PASSWORD = 'cli-password-never-printed';

const login = ['--username', USER, '--password-stdin'];

before(buildCli);

async function withRegistry(tls: boolean, body: (registry: RunningRegistry, seeded: SeededContent, work: string) => Promise<void>): Promise<void> {
  const registry = await startRegistry({ tls, auth: { kind: 'htpasswd', users: { [USER]: PASSWORD } } });
  const work = await mkdtemp(join(tmpdir(), 'crx-cli-'));
  try {
    const seeded = await seedSampleContent(registry.url, { username: USER, password: PASSWORD, caCertPath: registry.caCertPath, extraRepositories: 2 });
    await body(registry, seeded, work);
  } finally {
    await registry.close();
    await rm(work, { recursive: true, force: true });
  }
}

test('CLI read commands with basic auth from stdin', async () => {
  await withRegistry(false, async (registry, seeded, work) => {
    const catalog = await crx(['catalog', registry.host, '--page-size', '2', ...login], { input: `${PASSWORD}\n` });
    assert.equal(catalog.code, 0, catalog.stderr);
    assert.deepEqual(catalog.stdout.toString().trim().split('\n'), seeded.repositories);
    const tags = await crx(['tags', `${registry.host}/samples/hello`, ...login], { input: PASSWORD });
    assert.deepEqual(tags.stdout.toString().trim().split('\n').sort(), ['1.0', 'latest']);
    const manifest = await crx(['manifest', `${registry.host}/samples/dockerlist:latest`, ...login], { input: PASSWORD });
    assert.ok(manifest.stdout.equals(seeded.dockerList.index.bytes));
    const layer = seeded.hello.layers[0];
    const out = join(work, 'layer.tgz');
    const blob = await crx(['blob', `${registry.host}/samples/hello@${layer.digest}`, '-o', out, ...login], { input: PASSWORD });
    assert.equal(blob.code, 0, blob.stderr);
    assert.ok((await readFile(out)).equals(layer.bytes));
    const referrers = await crx(['referrers', `${registry.host}/samples/hello@${seeded.hello.manifest.digest}`, ...login], { input: PASSWORD });
    assert.deepEqual(JSON.parse(referrers.stdout.toString()), []);
  });
});

test('CLI write commands (TLS with --ca-file), checked with skopeo', async () => {
  await withRegistry(true, async (registry, seeded, work) => {
    const tls = ['--ca-file', registry.caCertPath as string, ...login];
    const access = await skopeoAccessFor(registry, { username: USER, password: PASSWORD });
    const image = buildImage({ label: 'cli', paddingBytes: 50_000 });
    for (const blob of [image.config, ...image.layers]) {
      const file = join(work, blob.digest.slice(7));
      await writeFile(file, blob.bytes);
      const pushed = await crx(['push-blob', `${registry.host}/cli/image`, file, ...tls], { input: PASSWORD });
      assert.equal(pushed.code, 0, pushed.stderr);
      assert.equal(pushed.stdout.toString().trim(), blob.digest);
    }
    const manifestFile = join(work, 'manifest.json');
    await writeFile(manifestFile, image.manifest.bytes);
    const put = await crx(['push-manifest', `${registry.host}/cli/image:v1`, manifestFile, ...tls], { input: PASSWORD });
    assert.equal(put.stdout.toString().trim(), image.manifest.digest, put.stderr);
    assert.ok((await skopeoInspectRaw(dockerTransport(registry.host, 'cli/image:v1'), access)).equals(image.manifest.bytes));

    const layout = join(work, 'layout');
    const pull = await crx(['pull', `${registry.host}/samples/multiarch:latest`, layout, '--all', ...tls], { input: PASSWORD });
    assert.equal(pull.stdout.toString().trim(), seeded.multiarch.index.digest, pull.stderr);
    const push = await crx(['push', layout, `${registry.host}/cli/copy:latest`, ...tls], { input: PASSWORD });
    assert.equal(push.stdout.toString().trim(), seeded.multiarch.index.digest, push.stderr);
    assert.ok((await skopeoInspectRaw(dockerTransport(registry.host, 'cli/copy:latest'), access)).equals(seeded.multiarch.index.bytes));

    const refused = await crx(['delete', `${registry.host}/cli/copy:latest`, ...tls], { input: PASSWORD });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /cannot delete the tag latest alone/);
    const deleted = await crx(['delete', `${registry.host}/cli/copy:latest`, '--delete-manifest', ...tls], { input: PASSWORD });
    assert.equal(deleted.code, 0, deleted.stderr);
    await assert.rejects(skopeoInspectRaw(dockerTransport(registry.host, 'cli/copy:latest'), access));

    const untrusted = await crx(['tags', `${registry.host}/samples/hello`, '--ca-file', join(work, 'manifest.json'), ...login], { input: PASSWORD });
    assert.equal(untrusted.code, 1);
  });
});

test('CLI credentials from the Docker config by default; wrong password never printed', async () => {
  await withRegistry(false, async (registry, _seeded, work) => {
    const home = join(work, 'home');
    await mkdir(join(home, '.docker'), { recursive: true });
    const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
    await writeFile(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    const env = { ...process.env, HOME: home, DOCKER_CONFIG: '' };
    const tags = await crx(['tags', `${registry.host}/samples/hello`], { env });
    assert.equal(tags.code, 0, tags.stderr);
    const wrongPassword = 'WRONG-secret-value-xyz';
    const denied = await crx(['tags', `${registry.host}/samples/hello`, '--verbose', ...login], { input: wrongPassword });
    assert.equal(denied.code, 1);
    assert.ok(!denied.stderr.includes(wrongPassword) && !denied.stderr.includes(Buffer.from(`${USER}:${wrongPassword}`).toString('base64')), denied.stderr);
    assert.match(denied.stderr, /authentication|unauthorized/i);
  });
});

test('CLI usage errors exit with 2 and say what is wrong', async () => {
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /unknown command "frobnicate"/],
    [['tags'], /expected <repository>/],
    [['catalog', '127.0.0.1:1', '--username', 'x'], /--password-stdin/],
    [['blob', '127.0.0.1:1/r@sha256:' + 'a'.repeat(64)], /-o <file> is required/],
    [['manifest', 'UPPER/Case:tag'], /invalid/i],
    [['pull', '127.0.0.1:1/r:t', 'dir', '--all', '--platform', 'linux/amd64'], /exclude each other/],
  ];
  for (const [args, message] of cases) {
    const result = await crx(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
  const help = await crx(['pull', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout.toString(), /Usage: crx pull/);
  for (const args of [['--help'], ['pull', '--help']]) {
    const text = (await crx(args)).stdout.toString();
    assert.match(text, /Exit codes: 0 success, 1 registry or operation error, 2 usage error, 130\/143 interrupted \(SIGINT\/SIGTERM\)/, args.join(' '));
  }
});

test('CLI against a server that never answers: --timeout ends it with exit 1 and says so; a stalled blob leaves no file', async () => {
  const silent = await startSilentServer();
  const host = silent.host;
  const stalling = await startFaultServer((request, response) => {
    response.writeHead(200, { 'content-length': '100000', 'content-type': 'application/octet-stream' });
    if (request.method === 'HEAD') return void response.end();
    response.write(Buffer.alloc(1000)); // then silence
  });
  const work = await mkdtemp(join(tmpdir(), 'crx-cli-timeout-'));
  try {
    const started = Date.now();
    const result = await crx(['manifest', `${host}/r/app:v1`, '--timeout', '1']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`${host} did not answer within 1 s`));
    assert.ok(Date.now() - started < 8_000, `took ${Date.now() - started} ms`);
    const blob = await crx(['blob', `${stalling.host}/r/app@sha256:${'a'.repeat(64)}`, '-o', join(work, 'out.bin'), '--idle-timeout', '0.5']);
    assert.equal(blob.code, 1, blob.stderr);
    assert.match(blob.stderr, /sent no data for 0\.5 s/);
    assert.deepEqual(await readdir(work), []);
    assert.equal((await crx(['tags', `${host}/r`, '--timeout', 'soon'])).code, 2);
  } finally {
    await silent.close();
    await stalling.close();
    await rm(work, { recursive: true, force: true });
  }
});
