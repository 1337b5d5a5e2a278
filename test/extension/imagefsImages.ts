// Two versions of a small multi-layer image for the image filesystem suites, pushed to the seeded
// registry with the harness's own raw uploader (not the extension's client). v2 shares v1's first
// layer, drops its second, changes one file, deletes one through a whiteout and adds one.
import { createTar, gzip, type TarEntry } from '../harness/fixturesTar';
import { blobOf, descriptorOf, jsonBytes, MT, sha256Digest, type BlobData } from '../harness/fixtures';
import { rawPushBlob, rawPutManifest } from '../harness/fixturesUpload';
import { seededRegistryUrl } from './helpers';

export const IMAGEFS_REPOSITORY = 'imagefs/app';
/** 256 bytes 0..255: not text. */
export const BINARY_CONTENT = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
export const HELLO_V1 = 'hello from v1\n';
export const HELLO_V2 = 'hello from v2, a longer line\n';
export const SETTINGS_JSON = '{\n  "port": 8080,\n  "needle": "find me here"\n}\n';

const base: TarEntry[] = [
  { name: 'etc' }, { name: 'etc/os-release', content: 'NAME="crx test"\nID=crx\n' },
  { name: 'app' }, { name: 'app/hello.txt', content: HELLO_V1 }, { name: 'app/old.txt', content: 'removed in v2\n' },
  { name: 'app/data.bin', content: BINARY_CONTENT }, { name: 'app/run.sh', content: '#!/bin/sh\necho run\n', mode: 0o755 },
];
const settings: TarEntry[] = [{ name: 'app/config' }, { name: 'app/config/settings.json', content: SETTINGS_JSON }];
const update: TarEntry[] = [
  { name: 'app/hello.txt', content: HELLO_V2 }, { name: 'app/.wh.old.txt', content: '' }, { name: 'app/new.txt', content: 'added in v2\n' },
];

function layerOf(entries: TarEntry[]): { blob: BlobData; diffId: string } {
  const tar = createTar(entries);
  return { blob: blobOf(MT.ociLayerGzip, gzip(tar)), diffId: sha256Digest(tar) };
}

function imageOf(tag: string, layers: Array<{ blob: BlobData; diffId: string }>): { manifest: BlobData; blobs: BlobData[] } {
  const config = blobOf(MT.ociConfig, jsonBytes({
    created: '2024-01-01T00:00:00Z', architecture: 'amd64', os: 'linux',
    config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/app/run.sh'], Labels: { version: tag } },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((_, i) => ({ created: '2024-01-01T00:00:00Z', created_by: `layer ${i + 1} of ${tag}` })),
  }));
  const manifest = blobOf(MT.ociManifest, jsonBytes({ schemaVersion: 2, mediaType: MT.ociManifest, config: descriptorOf(config), layers: layers.map((l) => descriptorOf(l.blob)) }));
  return { manifest, blobs: [config, ...layers.map((l) => l.blob)] };
}

let pushed: Promise<{ v1: string; v2: string }> | undefined;

/** Pushes imagefs/app:v1 and :v2 once per run; resolves to their manifest digests. */
export function pushImagefsImages(): Promise<{ v1: string; v2: string }> {
  pushed ??= (async () => {
    const target = { url: seededRegistryUrl() };
    const first = layerOf(base);
    const images = { v1: imageOf('v1', [first, layerOf(settings)]), v2: imageOf('v2', [first, layerOf(update)]) };
    for (const [tag, image] of Object.entries(images)) {
      for (const blob of image.blobs) await rawPushBlob(target, IMAGEFS_REPOSITORY, blob);
      await rawPutManifest(target, IMAGEFS_REPOSITORY, tag, image.manifest);
    }
    return { v1: images.v1.manifest.digest, v2: images.v2.manifest.digest };
  })();
  return pushed;
}

export const UNSUPPORTED_LAYER_TYPE = 'application/vnd.oci.image.layer.v1.tar+lz4';

/** imagefs/odd:v1, whose one layer has a compression nothing here decodes. */
export async function pushUnsupportedLayerImage(): Promise<void> {
  const target = { url: seededRegistryUrl() };
  // Bytes of its own: a layer already cached under the same digest would be read whatever its type says.
  const { blob, diffId } = layerOf([{ name: 'odd.txt', content: 'odd\n' }]);
  const layer = { ...blob, mediaType: UNSUPPORTED_LAYER_TYPE };
  const image = imageOf('odd', [{ blob: layer, diffId }]);
  for (const b of image.blobs) await rawPushBlob(target, 'imagefs/odd', b);
  await rawPutManifest(target, 'imagefs/odd', 'v1', image.manifest);
}
