// `npm run bench`: the series of issue 10 side by side with their peers, as whole processes on one
// machine, and the targets with their measured ratios. Not part of `npm test`. Options:
// --runs N (interleaved rounds, default 5), --mib N (blob size, 512), --layer-mib N (64, 8 layers),
// --repos N (catalog size, 5001). Registry storage and files live on /dev/shm when it exists.
/* global process, console */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBlob } from './blobs.mjs';
import { measure, median, option, series, table } from './measure.mjs';
import { targets } from './targets.mjs';
import { imageFilesSeries } from './imagefs.mjs';

if (existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';
const { tmpdir } = await import('node:os');
const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const require = createRequire(import.meta.url);
const { startRegistry } = require('../out/test/harness/registryServer.js');
const { seedManyRepositories } = require('../out/test/harness/manyRepositories.js');
const NODE = [process.env.BENCH_NODE, join(ROOT, '.tools', 'node-24.21.0', 'bin', 'node'), join(process.env.CRX_TOOLS_DIR ?? '/nonexistent', 'node-24.21.0', 'bin', 'node')]
  .find((path) => path && existsSync(path)) ?? process.execPath;
const CLI = join(ROOT, 'dist', 'cli.js');
const crx = (...args) => [NODE, [CLI, ...args]];
const RUNS = option('runs', 5);
const MIB = option('mib', 512);
const LAYER_MIB = option('layer-mib', 64);
const REPOS = option('repos', 5001);
const SKOPEO = ['copy', '--quiet', '--insecure-policy', '--src-tls-verify=false', '--dest-tls-verify=false'];

const work = await mkdtemp(join(tmpdir(), 'crx-bench-'));
const running = [];
const registry = async (options) => { const r = await startRegistry(options); running.push(r); return r; };
const fresh = { prepare: () => startRegistry(), after: (r) => r.close() };
const removing = (path) => ({ prepare: () => path, after: () => rm(path, { recursive: true, force: true }) });
try {
  console.error(`node ${NODE}; files in ${work}; ${RUNS} rounds`);
  const blobFile = join(work, 'blob.bin');
  const blob = await makeBlob(blobFile, MIB);
  const blobImage = await skopeoDirAround(join(work, 'blob-image'), blobFile, blob);
  const layout = join(work, 'layout');
  const image = await writeLayout(layout, LAYER_MIB, 8);
  const results = [];

  const source = await registry();
  await measure(...crx('push', blobImage.layout, `${source.host}/bench/blob:v1`));
  await measure(...crx('push', layout, `${source.host}/bench/image:v1`));
  const url = `${source.url}/v2/bench/blob/blobs/${blob.digest}`;
  const out = join(work, 'out');
  results.push(await series(`${MIB} MiB blob download`, blob.size, [
    { label: 'crx blob', ...removing(out), run: () => crx('blob', `${source.host}/bench/blob@${blob.digest}`, '-o', out) },
    { label: 'curl | tee | openssl dgst', ...removing(out), run: () => ['bash', ['-c', `curl -sf '${url}' | tee '${out}' | openssl dgst -sha256 >/dev/null`]] },
    { label: 'curl -o (unverified)', ...removing(out), run: () => ['curl', ['-sf', '-o', out, url]] },
    { label: 'skopeo', ...removing(out), run: () => ['skopeo', [...SKOPEO, `docker://${source.host}/bench/blob:v1`, `dir:${out}`]] },
  ], RUNS));
  // The Azure SDK refuses plain HTTP: the same blob from a registry serving TLS with a throwaway CA.
  const tls = await registry({ tls: true });
  const ca = ['--ca-file', tls.caCertPath];
  await measure(...crx('push', blobImage.layout, `${tls.host}/bench/blob:v1`, ...ca));
  results.push(await series(`${MIB} MiB download over TLS`, blob.size, [
    { label: 'crx blob', ...removing(out), run: () => crx('blob', `${tls.host}/bench/blob@${blob.digest}`, '-o', out, ...ca) },
    { label: 'Azure SDK for JS downloadBlob', ...removing(out), run: () => [NODE, [join(ROOT, 'bench', 'azureSdkDownload.cjs'), tls.url, 'bench/blob', blob.digest, out], { ...process.env, NODE_EXTRA_CA_CERTS: tls.caCertPath }] },
  ], RUNS));
  results.push(await series(`${MIB} MiB blob upload`, blob.size, [
    { label: 'crx push-blob', ...fresh, run: (r) => crx('push-blob', `${r.host}/bench/blob`, blobFile) },
    { label: 'skopeo', ...fresh, run: (r) => ['skopeo', [...SKOPEO, `dir:${blobImage.dir}`, `docker://${r.host}/bench/blob:v1`]] },
    { label: 'curl POST+PUT, digest known', ...fresh, run: (r) => ['bash', ['-c', curlUpload(r.url, blobFile, blob.digest)]] },
  ], RUNS));
  results.push(await series(`pull, 8 × ${LAYER_MIB} MiB layers → OCI layout`, image.size, [
    { label: 'crx pull', ...removing(out), run: () => crx('pull', `${source.host}/bench/image:v1`, out) },
    { label: 'skopeo → oci:', ...removing(out), run: () => ['skopeo', [...SKOPEO, `docker://${source.host}/bench/image:v1`, `oci:${out}:v1`]] },
  ], RUNS));
  results.push(await series(`push, 8 × ${LAYER_MIB} MiB from a layout`, image.size, [
    { label: 'crx push', ...fresh, run: (r) => crx('push', layout, `${r.host}/bench/image:v1`) },
    { label: 'skopeo', ...fresh, run: (r) => ['skopeo', [...SKOPEO, `oci:${layout}:v1`, `docker://${r.host}/bench/image:v1`]] },
  ], RUNS));
  const catalog = await registry();
  await seedManyRepositories(catalog, REPOS);
  results.push(await series(`catalog of ${REPOS} repositories`, 0, [
    { label: 'crx catalog', run: () => crx('catalog', catalog.host) },
    { label: 'curl paging n=1000', run: () => ['bash', ['-c', curlCatalog(catalog.url)]] },
  ], RUNS));
  results.push(...await imageFilesSeries({ registry: source, work, crx, rounds: RUNS }));
  const memory = await rssBySize(source);
  const bundle = await extensionLoad();
  console.log(`\nBench ${new Date().toISOString().slice(0, 10)}, ${process.env.BENCH_MACHINE ?? 'this machine'}; node ${NODE}\n`);
  console.log(table(results, RUNS));
  console.log(`\nPeak RSS of crx by blob size (one run each): ${memory.map((m) => `${m.what} ${m.mib} MiB: ${m.rssMiB.toFixed(0)} MiB`).join('; ')}`);
  console.log(`extension.js: ${bundle.bytes} bytes; loading it with a stand-in for vscode, medians of ${bundle.runs} fresh processes: ` +
    `${bundle.ms.toFixed(1)} ms (CPU ${bundle.cpuMs.toFixed(1)} ms) with Node's own modules already loaded as in the extension host, ` +
    `${bundle.cold.ms.toFixed(1)} ms (CPU ${bundle.cold.cpuMs.toFixed(1)} ms) in a bare Node that still compiles crypto, http, tls, …`);
  console.log(`\n${targets(results, memory, bundle)}`);
} finally {
  for (const r of running) await r.close();
  await rm(work, { recursive: true, force: true });
}

/** POST a session, then PUT the file with ?digest= in one streamed request (curl -T). */
function curlUpload(registryUrl, file, digest) {
  return `loc=$(curl -sf -o /dev/null -D - -X POST '${registryUrl}/v2/bench/blob/blobs/uploads/' | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p') && ` +
    `curl -sf -o /dev/null -T '${file}' -H 'Content-Type: application/octet-stream' "$loc&digest=${encodeURIComponent(digest)}"`;
}

/** Follows the catalog's Link headers with n=1000 until there is no next page. */
function curlCatalog(registryUrl) {
  return `next='/v2/_catalog?n=1000'; while [ -n "$next" ]; do next=$(curl -sf -o /dev/null -D - "${registryUrl}$next" | tr -d '\\r' | sed -n 's/^[Ll]ink: <\\([^>]*\\)>.*/\\1/p'); done`;
}

/** A skopeo dir: image and an OCI layout around one blob file (a config and a manifest beside it). */
async function skopeoDirAround(dir, file, blob) {
  const { computeDigest } = require('../out/src/registry/digest.js');
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [blob.digest] } }));
  const configDigest = computeDigest(config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: blob.digest, size: blob.size }],
  }));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, configDigest.slice(7)), config);
  await symlink(file, join(dir, blob.digest.slice(7)));
  await writeFile(join(dir, 'manifest.json'), manifest);
  await writeFile(join(dir, 'version'), 'Directory Transport Version: 1.1\n');
  const layout = `${dir}-layout`;
  await mkdir(join(layout, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(join(layout, 'blobs', 'sha256', configDigest.slice(7)), config);
  await symlink(file, join(layout, 'blobs', 'sha256', blob.digest.slice(7)));
  const manifestDigest = computeDigest(manifest);
  await writeFile(join(layout, 'blobs', 'sha256', manifestDigest.slice(7)), manifest);
  await writeFile(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifestDigest, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }] }));
  return { dir, layout };
}

/** An OCI layout of one image with `count` random layers of `mib` MiB. */
async function writeLayout(dir, mib, count) {
  const { computeDigest } = require('../out/src/registry/digest.js');
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const layers = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, `layer-${i}`);
    const layer = await makeBlob(file, mib);
    await symlink(file, join(blobs, layer.digest.slice(7)));
    layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer });
  }
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } }));
  const configDescriptor = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: computeDigest(config), size: config.length };
  await writeFile(join(blobs, configDescriptor.digest.slice(7)), config);
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: configDescriptor, layers }));
  const digest = computeDigest(manifest);
  await writeFile(join(blobs, digest.slice(7)), manifest);
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }] }));
  return { size: layers.reduce((sum, l) => sum + l.size, 0) + config.length };
}

/** crx's peak RSS downloading and uploading a 128 MiB and a 1 GiB blob. */
async function rssBySize(target) {
  const results = [];
  for (const mib of [128, 1024]) {
    const file = join(work, `rss-${mib}.bin`);
    const blob = await makeBlob(file, mib);
    const up = await measure(...crx('push-blob', `${target.host}/bench/rss`, file));
    results.push({ what: 'upload', mib, rssMiB: up.rssMiB });
    const out = join(work, `rss-${mib}.out`);
    const down = await measure(...crx('blob', `${target.host}/bench/rss@${blob.digest}`, '-o', out));
    results.push({ what: 'download', mib, rssMiB: down.rssMiB });
    await rm(file);
    await rm(out);
  }
  return results;
}

/** Size of the built extension.js and the median time to load it with a stand-in for vscode. */
async function extensionLoad(runs = 21) {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const times = { cold: [], host: [] };
  for (let i = 0; i < runs; i++) {
    for (const [kind, extra] of [['cold', []], ['host', ['--host-like']]]) {
      const { stdout } = await promisify(execFile)(NODE, [join(ROOT, 'bench', 'loadExtension.cjs'), join(ROOT, 'dist', 'extension.js'), ...extra]);
      times[kind].push(JSON.parse(stdout));
    }
  }
  const medians = (list) => ({ ms: median(list.map((t) => t.ms)), cpuMs: median(list.map((t) => t.cpuMs)) });
  return { bytes: (await stat(join(ROOT, 'dist', 'extension.js'))).size, ...medians(times.host), cold: medians(times.cold), runs };
}
