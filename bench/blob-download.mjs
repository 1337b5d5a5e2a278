// Measures downloading one 256 MiB blob from a local docker-registry with the project's client
// (streamed, size + sha256 verified, temp file + rename) against curl and skopeo in the same run.
// Not a test. Needs compiled sources: `npx tsc -p . && node bench/blob-download.mjs [--mib 256] [--runs 3]`.
/* global console, Buffer */
import { createRequire } from 'node:module';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { best, makeBlob, option, report, run } from './common.mjs';

const require = createRequire(import.meta.url);
const { startRegistry } = require('../out/test/harness/registryServer.js');
const { RegistryClient } = require('../out/src/registry/client.js');

const MIB = option('mib', 256);
const RUNS = option('runs', 3);

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

  report(`${MIB} MiB blob download, best of ${RUNS} runs, loopback (${registry.host})`, blob.size, results);
} finally {
  await registry.close();
  await rm(work, { recursive: true, force: true });
}
