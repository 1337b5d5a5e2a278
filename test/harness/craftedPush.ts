// Pushes an image (or an index of images) made of given layer blobs to a test registry through skopeo (from an OCI layout
// written here), so the registry holds content the project's own client did not upload.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Descriptor } from '../../src/registry/types';
import { blobOf, descriptorOf, jsonBytes, MT, writeOciLayout, type BlobData } from './fixtures';
import { dockerTransport, skopeoCopy } from './skopeo';

function craftedImage(layers: { bytes: Buffer; mediaType: string }[], platform = { architecture: 'amd64', os: 'linux' }) {
  const layerBlobs = layers.map((layer) => blobOf(layer.mediaType, layer.bytes));
  const config = blobOf(MT.ociConfig, jsonBytes({ ...platform, rootfs: { type: 'layers', diff_ids: [] }, config: {} }));
  const manifest = blobOf(MT.ociManifest, jsonBytes({ schemaVersion: 2, mediaType: MT.ociManifest, config: descriptorOf(config), layers: layerBlobs.map((b) => descriptorOf(b)) }));
  return { layerBlobs, config, manifest };
}

async function pushLayout(registry: { host: string }, repository: string, tag: string, root: BlobData, blobs: BlobData[], all: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-crafted-'));
  try {
    await writeOciLayout(dir, [{ tag, root }], blobs);
    await skopeoCopy(`oci:${dir}:${tag}`, dockerTransport(registry.host, `${repository}:${tag}`), { all, dest: { host: registry.host, tlsVerify: false } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An index of one image per platform, each image given as its layers. */
export async function pushCraftedIndex(
  registry: { host: string },
  repository: string,
  tag: string,
  images: { platform: { os: string; architecture: string; variant?: string }; layers: { bytes: Buffer; mediaType: string }[] }[],
): Promise<void> {
  const built = images.map((image) => ({ ...craftedImage(image.layers, image.platform), platform: image.platform }));
  const index = blobOf(MT.ociIndex, jsonBytes({ schemaVersion: 2, mediaType: MT.ociIndex, manifests: built.map((b) => descriptorOf(b.manifest, { platform: b.platform })) }));
  await pushLayout(registry, repository, tag, index, built.flatMap((b) => [b.config, ...b.layerBlobs, b.manifest]), true);
}

export async function pushCraftedImage(
  registry: { host: string },
  repository: string,
  tag: string,
  layers: { bytes: Buffer; mediaType: string }[],
): Promise<{ manifestDigest: string; layers: Descriptor[] }> {
  const { layerBlobs, config, manifest } = craftedImage(layers);
  await pushLayout(registry, repository, tag, manifest, [config, ...layerBlobs], false);
  return { manifestDigest: manifest.digest, layers: layerBlobs.map((b) => descriptorOf(b)) };
}
