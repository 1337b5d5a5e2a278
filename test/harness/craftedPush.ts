// Pushes an image made of given layer blobs to a test registry through skopeo (from an OCI layout
// written here), so the registry holds content the project's own client did not upload.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Descriptor } from '../../src/registry/types';
import { blobOf, descriptorOf, jsonBytes, MT, writeOciLayout } from './fixtures';
import { dockerTransport, skopeoCopy } from './skopeo';

export async function pushCraftedImage(
  registry: { host: string },
  repository: string,
  tag: string,
  layers: { bytes: Buffer; mediaType: string }[],
): Promise<{ manifestDigest: string; layers: Descriptor[] }> {
  const layerBlobs = layers.map((layer) => blobOf(layer.mediaType, layer.bytes));
  const config = blobOf(MT.ociConfig, jsonBytes({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: {} }));
  const manifest = blobOf(MT.ociManifest, jsonBytes({ schemaVersion: 2, mediaType: MT.ociManifest, config: descriptorOf(config), layers: layerBlobs.map((b) => descriptorOf(b)) }));
  const dir = await mkdtemp(join(tmpdir(), 'crx-crafted-'));
  try {
    await writeOciLayout(dir, [{ tag, root: manifest }], [config, ...layerBlobs]);
    await skopeoCopy(`oci:${dir}:${tag}`, dockerTransport(registry.host, `${repository}:${tag}`), { dest: { host: registry.host, tlsVerify: false } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { manifestDigest: manifest.digest, layers: layerBlobs.map((b) => descriptorOf(b)) };
}
