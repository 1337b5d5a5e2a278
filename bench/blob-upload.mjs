// Measures uploading one 256 MiB blob to a local docker-registry with the project's client
// (streamed from disk, digest computed while reading, chunked PATCH) against curl (one monolithic
// PUT of a digest computed beforehand) and skopeo (push from a dir: layout) in the same run.
// Each run gets a new registry: nothing can be skipped or mounted as already present (skopeo
// remembers where it has seen a blob and would mount it from there).
// Not a test. Needs compiled sources: `npx tsc -p . && node bench/blob-upload.mjs [--mib 256] [--runs 3]`.
/* global console, Buffer, fetch, URL, process */
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBlob, option, report, run } from './common.mjs';

const require = createRequire(import.meta.url);
const { startRegistry } = require('../out/test/harness/registryServer.js');
const { RegistryClient } = require('../out/src/registry/client.js');

const MIB = option('mib', 256);
const RUNS = option('runs', 3);

/** POST a session, then PUT the file with ?digest= in one request: the least work a client can do. */
async function curlUpload(registryUrl, repository, file, digest) {
  const response = await fetch(`${registryUrl}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (response.status !== 202) throw new Error(`POST upload: HTTP ${response.status}`);
  const location = new URL(response.headers.get('location'), registryUrl);
  location.searchParams.set('digest', digest);
  await run('curl', ['-sf', '-X', 'PUT', '-H', 'Content-Type: application/octet-stream', '--data-binary', `@${file}`, location.toString()]);
}

/** A skopeo dir: image around the blob (config + manifest), so skopeo pushes the same bytes. */
async function skopeoDir(dir, source, blob) {
  await mkdir(dir, { recursive: true });
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [blob.digest] } }));
  const { computeDigest } = require('../out/src/registry/digest.js');
  const configDigest = computeDigest(config);
  await writeFile(join(dir, configDigest.slice(7)), config);
  await symlink(source, join(dir, blob.digest.slice(7)));
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: blob.digest, size: blob.size }],
  }));
  await writeFile(join(dir, 'version'), 'Directory Transport Version: 1.1\n');
}

/** Times `body` against a registry started (untimed) for this run alone. */
function onFreshRegistry(body) {
  return async () => {
    const registry = await startRegistry();
    try {
      const started = process.hrtime.bigint();
      await body(registry);
      return Number(process.hrtime.bigint() - started) / 1e9;
    } finally {
      await registry.close();
    }
  };
}

const work = await mkdtemp(join(tmpdir(), 'crx-bench-'));
try {
  console.log(`creating a ${MIB} MiB blob…`);
  const source = join(work, 'source.bin');
  const blob = await makeBlob(source, MIB);
  await skopeoDir(join(work, 'image'), source, blob);

  const results = [
    await bestOf('client uploadBlob (streamed, chunked)', onFreshRegistry(async (registry) => {
      const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
      const uploaded = await client.uploadBlob('bench/blob', { filePath: source });
      if (uploaded.digest !== blob.digest) throw new Error(`client uploaded ${uploaded.digest}`);
    })),
    await bestOf('curl PUT (digest known beforehand)', onFreshRegistry((registry) => curlUpload(registry.url, 'bench/blob', source, blob.digest))),
    await bestOf('skopeo copy from dir:', onFreshRegistry((registry) => run('skopeo', [
      'copy', '--quiet', '--insecure-policy', '--dest-tls-verify=false', `dir:${join(work, 'image')}`, `docker://${registry.host}/bench/blob:v1`,
    ]))),
  ];
  report(`${MIB} MiB blob upload, best of ${RUNS} runs, loopback`, blob.size, results);
} finally {
  await rm(work, { recursive: true, force: true });
}

async function bestOf(label, timedRun) {
  let seconds = Infinity;
  for (let i = 0; i < RUNS; i++) seconds = Math.min(seconds, await timedRun());
  return { label, seconds };
}
