// Opening one file in an image with one 200 MiB layer: `crx cat` cold (download, decompress, index,
// cache) and warm (from the cache), against streaming the blob through curl | tar -xzO (unverified,
// nothing kept). Peak RSS of the cold run is the memory used while indexing. Run alone with
// `node bench/imagefs.mjs [--runs N] [--layer-mib N]` after `npm run bench`'s build, or as part of it.
/* global process, console, Buffer */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { makeBlob } from './blobs.mjs';
import { measure, option, series, table } from './measure.mjs';

const require = createRequire(import.meta.url);
const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const TARGET = 'etc/target.txt';

/** A gzip layer of `mib` MiB of random files plus one small text file, in an OCI layout tagged v1. */
async function layeredLayout(dir, mib) {
  const { computeDigest } = require('../out/src/registry/digest.js');
  const tree = join(dir, 'tree');
  await mkdir(join(tree, 'data'), { recursive: true });
  await mkdir(join(tree, 'etc'), { recursive: true });
  for (let i = 0; i < mib; i++) await makeBlob(join(tree, 'data', `part-${String(i).padStart(4, '0')}.bin`), 1);
  await writeFile(join(tree, TARGET), 'the file the bench opens\n');
  const layerFile = join(dir, 'layer.tar.gz');
  await promisify(execFile)('bash', ['-c', `tar -C '${tree}' --sort=name -cf - . | gzip -1 > '${layerFile}'`]);
  await rm(tree, { recursive: true, force: true });
  const { stdout } = await promisify(execFile)('sha256sum', [layerFile]);
  const { size } = await (await import('node:fs/promises')).stat(layerFile);
  const layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${stdout.split(' ')[0]}`, size };
  const layout = join(dir, 'layout');
  const blobs = join(layout, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  await symlink(layerFile, join(blobs, layer.digest.slice(7)));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const configDescriptor = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: computeDigest(config), size: config.length };
  await writeFile(join(blobs, configDescriptor.digest.slice(7)), config);
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: configDescriptor, layers: [layer] }));
  const digest = computeDigest(manifest);
  await writeFile(join(blobs, digest.slice(7)), manifest);
  await writeFile(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }] }));
  return { layout, layer };
}

/** The two series (cold with its peer, warm) for one registry; `crx(...args)` gives [command, args]. */
export async function imageFilesSeries({ registry, work, crx, rounds, layerMiB = 200 }) {
  const { layout, layer } = await layeredLayout(join(work, 'imagefs'), layerMiB);
  await measure(...crx('push', layout, `${registry.host}/bench/files:v1`));
  const cache = join(work, 'imagefs-cache');
  const env = { ...process.env, XDG_CACHE_HOME: cache };
  const cat = () => { const [command, args] = crx('cat', `${registry.host}/bench/files:v1`, TARGET); return [command, args, env]; };
  const blobUrl = `${registry.url}/v2/bench/files/blobs/${layer.digest}`;
  const cold = await series(`open a file in a ${layerMiB} MiB layer, cold (download + index)`, layer.size, [
    { label: 'crx cat', prepare: () => rm(cache, { recursive: true, force: true }), run: cat },
    { label: 'curl | tar -xzO (unverified, nothing kept)', run: () => ['bash', ['-c', `curl -sf '${blobUrl}' | tar -xzOf - ./${TARGET} >/dev/null`]] },
  ], rounds);
  const warm = await series(`open a file in a ${layerMiB} MiB layer, warm (cached)`, 0, [{ label: 'crx cat', run: cat }], rounds);
  return [cold, warm];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';
  const { tmpdir } = await import('node:os');
  const { startRegistry } = require('../out/test/harness/registryServer.js');
  const NODE = [process.env.BENCH_NODE, join(ROOT, '.tools', 'node-24.21.0', 'bin', 'node'), join(process.env.CRX_TOOLS_DIR ?? '/nonexistent', 'node-24.21.0', 'bin', 'node')]
    .find((path) => path && existsSync(path)) ?? process.execPath;
  const crx = (...args) => [NODE, [join(ROOT, 'dist', 'cli.js'), ...args]];
  const rounds = option('runs', 5);
  const work = await mkdtemp(join(tmpdir(), 'crx-bench-imagefs-'));
  const registry = await startRegistry();
  try {
    const results = await imageFilesSeries({ registry, work, crx, rounds, layerMiB: option('layer-mib', 200) });
    console.log(`\nBench ${new Date().toISOString().slice(0, 10)}, ${process.env.BENCH_MACHINE ?? 'this machine'}; node ${NODE}\n`);
    console.log(table(results, rounds));
  } finally {
    await registry.close();
    await rm(work, { recursive: true, force: true });
  }
}
