// Images made of crafted tar layers, opened through the real layer store in a temporary cache folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageManifest } from '../../src/registry/types';
import { LayerStore } from '../../src/registry/imagefs/layerStore';
import { openImageFiles, type MergedImageFiles } from '../../src/registry/imagefs/imageFiles';
import { craftTar, type CraftedEntry } from './craftedTar';
import { memoryBlobs } from './memoryBlobs';

const PLAIN = 'application/vnd.oci.image.layer.v1.tar';

/** Opens one image per list of layers (each layer a list of tar entries) and hands them to `body`. */
export async function withCraftedImages(images: CraftedEntry[][][], body: (files: MergedImageFiles[], cacheDir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'crx-image-'));
  try {
    const blobs = memoryBlobs();
    const store = new LayerStore({ directory: join(dir, 'cache'), maxBytes: 1 << 30 });
    const opened: MergedImageFiles[] = [];
    for (const [n, layers] of images.entries()) {
      const manifest: ImageManifest & { digest: string } = {
        schemaVersion: 2,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'0'.repeat(64)}`, size: 2 },
        layers: layers.map((entries) => blobs.add(craftTar(entries), PLAIN)),
        digest: `sha256:${String(n).repeat(64)}`,
      };
      opened.push(await openImageFiles(blobs.client, 'r', manifest, store));
    }
    await body(opened, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
