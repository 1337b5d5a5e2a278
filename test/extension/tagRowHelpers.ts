import type { RegistryService } from '../../src/registry/types';
import type { RegistryExplorerApi } from '../../src/ui/api';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { imageBlobs, type BuiltImage } from '../harness/fixtures';

/** Pushes an image's blobs and manifest, tagged or by digest only. */
export async function pushImage(client: RegistryService, repository: string, image: BuiltImage, tag?: string): Promise<void> {
  for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await client.uploadBlob(repository, blob.bytes);
  await client.putManifest(repository, image.manifest.bytes, tag ? { reference: tag } : {});
}

/** The description drawn beside a row's label now. */
export const description = (explorer: RegistryExplorerApi, node: TreeNode) => String(explorer.treeItem(node).description ?? '');
