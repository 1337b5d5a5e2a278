// Measures downloading one 256 MiB blob from a local docker-registry with the project's client
// (streamed, size + sha256 verified, temp file + rename) against curl and skopeo in the same run.
// Not a test. Needs compiled sources: `npx tsc -p . && node bench/blob-download.mjs [--mib 256] [--runs 3]`.
/* global process, console, Buffer, setTimeout, clearTimeout */
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { startRegistry } = require('../out/test/harness/registryServer.js');
const { RegistryClient } = require('../out/src/registry/client.js');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const MIB = option('mib', 256);
const RUNS = option('runs', 3);

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} timed out after 300 s`)); }, 300_000);
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} failed: ${stderr}`));
    });
  });
}

async function makeBlob(path, mib) {
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  for (let i = 0; i < mib; i++) {
    const chunk = randomBytes(1024 * 1024); // incompressible, like a gzip layer
    hash.update(chunk);
    await file.write(chunk);
  }
  await file.close();
  return { digest: `sha256:${hash.digest('hex')}`, size: mib * 1024 * 1024 };
}

async function best(label, runs, body) {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await body(i);
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e9);
  }
  return { label, seconds: fastest };
}

const work = await mkdtemp(join(tmpdir(), 'crx-bench-'));
const registry = await startRegistry();
try {
  const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
  console.log(`creating and pushing a ${MIB} MiB blob…`);
  const source = join(work, 'source.bin');
  const blob = await makeBlob(source, MIB);
  await client.uploadBlob('bench/blob', { filePath: source });
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [blob.digest] } }));
  const configDescriptor = await client.uploadBlob('bench/blob', config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDescriptor.digest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: blob.digest, size: blob.size }],
  }));
  await client.putManifest('bench/blob', manifest, { reference: 'v1' });
  await rm(source);

  const blobUrl = `${registry.url}/v2/bench/blob/blobs/${blob.digest}`;
  const results = [];
  results.push(await best('client downloadBlob (verified)', RUNS, async (i) => {
    const target = join(work, `client-${i}.bin`);
    await client.downloadBlob('bench/blob', blob, target);
    await rm(target);
  }));
  results.push(await best('curl -o file (no verification)', RUNS, async (i) => {
    const target = join(work, `curl-${i}.bin`);
    await run('curl', ['-sf', '-o', target, blobUrl]);
    await rm(target);
  }));
  results.push(await best('skopeo copy to dir: (verified)', RUNS, async (i) => {
    const target = join(work, `skopeo-${i}`);
    await run('skopeo', ['copy', '--quiet', '--insecure-policy', '--src-tls-verify=false', `docker://${registry.host}/bench/blob:v1`, `dir:${target}`]);
    if ((await stat(join(target, blob.digest.slice(7)))).size !== blob.size) throw new Error('skopeo wrote a short blob');
    await rm(target, { recursive: true });
  }));

  const client0 = results[0].seconds;
  const megabytes = blob.size / 1e6;
  console.log(`\n${MIB} MiB blob, best of ${RUNS} runs, loopback (${registry.host})`);
  for (const r of results) {
    console.log(`${r.label.padEnd(34)} ${(megabytes / r.seconds).toFixed(0).padStart(6)} MB/s  ${r.seconds.toFixed(2)} s  client time / this = ${(client0 / r.seconds).toFixed(2)}`);
  }
} finally {
  await registry.close();
  await rm(work, { recursive: true, force: true });
}
