import * as vscode from 'vscode';
import { formatBytes } from '../../registry/byteSize';
import { resolveImage, type ResolvedImage } from '../commands/imageCommands';
import { nodeArgument } from '../commands/nodeArgs';
import { pickManifestTarget } from '../commands/pickers';
import type { ImageDocuments } from '../documents/imageDocuments';
import { hostOf, type RegistryConfig } from '../registryConfig';
import type { Services } from '../services';
import { shortDigest, type BlobNode } from '../tree/nodes';
import type { Descriptor } from '../../registry/types';
import type { CommandHandlers } from './commandHandlers';
import type { ImageSources } from './imageSources';
import { IMAGE_SCHEME, imageUriParts, LAYER_SCHEME } from './imageUri';
import { rowDescription } from './layerRowText';
import { isTarLayer } from './tarLayer';
import { openImageFile } from './openFile';
import { addImageFolder } from './workspaceFolder';
import { resolveImageWithFiles } from './imageWithFiles';

export function imageRootUri(image: Pick<ResolvedImage, 'registry' | 'repository' | 'digest'>): vscode.Uri {
  return vscode.Uri.from(imageUriParts({ scheme: IMAGE_SCHEME, host: hostOf(image.registry.url), repository: image.repository, digest: image.digest, path: '' }));
}

export function layerFileUri(registry: RegistryConfig, repository: string, layer: Descriptor, path: string): vscode.Uri {
  return vscode.Uri.from(imageUriParts({ scheme: LAYER_SCHEME, host: hostOf(registry.url), repository, digest: layer.digest, path }));
}

/** Open Image Filesystem…, Browse Layer…, opening a layer's file, and clearing the layer cache. */
export function openCommands(services: Services, sources: ImageSources, notes: ImageDocuments): CommandHandlers {
  return {
    'registryExplorer.openImageFilesystem': async (node?: unknown) => {
      const target = nodeArgument(node, 'tag', 'manifest') ?? await pickManifestTarget(services, vscode.l10n.t('Open image filesystem'));
      if (!target) return undefined;
      const image = await resolveImageWithFiles(services, target);
      if (!image) return undefined;
      await sources.openImage(image.registry, image.repository, image.fetched);
      const uri = imageRootUri(image);
      await addImageFolder(uri, `${image.repository}${image.reference}`);
      return uri;
    },
    'registryExplorer.openLayerFile': async (node?: unknown) => {
      const entry = nodeArgument(node, 'layerEntry');
      if (typeof entry?.path !== 'string' || typeof entry.layer?.digest !== 'string') return undefined;
      const uri = layerFileUri(entry.registry, entry.repository, entry.layer, entry.path);
      await openImageFile(uri, notes);
      return uri;
    },
    'registryExplorer.browseLayer': async (node?: unknown) => {
      const row = nodeArgument(node, 'blob');
      const layer = row?.role === 'layer' ? row : await pickLayer(services);
      if (!layer) return undefined;
      const files = await sources.openLayer(layer.registry, layer.repository, layer.descriptor);
      const rows = files.rowsUnder('');
      const all: typeof rows = [];
      const visit = (list: typeof rows) => { for (const r of list) { all.push(r); if (r.type === 'directory' && !('whiteout' in r && r.whiteout)) visit(files.rowsUnder(r.path)); } };
      visit(rows);
      const picked = await vscode.window.showQuickPick(all.map((r) => ({ label: `/${r.path}`, description: rowDescription(r), row: r })), {
        title: vscode.l10n.t('Layer {0} of {1}: {2} entries', shortDigest(layer.descriptor.digest), layer.repository, all.length),
        placeHolder: vscode.l10n.t('Type to filter; pick a file to open it'), matchOnDescription: true,
      });
      if (!picked || !(picked.row.type === 'file' || picked.row.type === 'hardlink') || ('whiteout' in picked.row && picked.row.whiteout)) return undefined;
      const uri = layerFileUri(layer.registry, layer.repository, layer.descriptor, picked.row.path);
      await openImageFile(uri, notes);
      return uri;
    },
    'registryExplorer.clearLayerCache': async () => {
      const freed = await sources.clear();
      void vscode.window.showInformationMessage(vscode.l10n.t('The layer cache is empty now ({0} freed).', formatBytes(freed)));
      return freed;
    },
  };
}

/** The palette's way to a layer: repository, tag, platform, then which layer. */
async function pickLayer(services: Services): Promise<BlobNode | undefined> {
  const title = vscode.l10n.t('Browse layer');
  const target = await pickManifestTarget(services, title);
  if (!target) return undefined;
  const image = await resolveImage(services, target);
  if (!image) return undefined;
  const layers = image.manifest.layers.map((descriptor, index) => ({ descriptor, index })).filter(({ descriptor }) => isTarLayer(descriptor.mediaType));
  const picked = await vscode.window.showQuickPick(
    layers.map(({ descriptor, index }) => ({ label: vscode.l10n.t('layer {0}', index + 1), description: `${formatBytes(descriptor.size)} · ${shortDigest(descriptor.digest)}`, descriptor, index })),
    { title: vscode.l10n.t('{0}: layer of {1}{2}', title, image.repository, image.reference) },
  );
  if (!picked) return undefined;
  return { kind: 'blob', key: `${target.key}/layer${picked.index}`, registry: image.registry, repository: image.repository, descriptor: picked.descriptor, role: 'layer', index: picked.index };
}
