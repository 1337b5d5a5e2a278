import * as vscode from 'vscode';
import type { ImageManifest } from '../../registry/types';
import { isImageIndex, platformLabel } from '../../registry/manifest';
import type { Services } from '../services';
import { formatBytes } from '../../registry/byteSize';
import { shortDigest, type BlobNode } from '../tree/nodes';
import { pickManifestTarget } from './pickers';

/** Palette path to a layer or config: registry → repository → tag → (platform) → blob. */
export async function pickBlob(services: Services, role: BlobNode['role']): Promise<BlobNode | undefined> {
  const target = await pickManifestTarget(services, role === 'config' ? vscode.l10n.t('Download config') : vscode.l10n.t('Download layer'));
  if (!target) return undefined;
  const client = await services.clients.get(target.registry);
  let fetched = await client.getManifest(target.repository, target.kind === 'tag' ? target.tag.name : target.descriptor.digest);
  if (isImageIndex(fetched.manifest)) {
    const platform = await vscode.window.showQuickPick(
      fetched.manifest.manifests.map((d) => ({ label: platformLabel(d.platform), description: shortDigest(d.digest), digest: d.digest })),
      { title: vscode.l10n.t('Choose a platform') },
    );
    if (!platform) return undefined;
    fetched = await client.getManifest(target.repository, platform.digest);
  }
  const image = fetched.manifest as ImageManifest;
  const base = { kind: 'blob' as const, registry: target.registry, repository: target.repository };
  if (role === 'config') return { ...base, key: `${target.key}/config`, descriptor: image.config, role, index: 0 };
  const layer = await vscode.window.showQuickPick(
    image.layers.map((d, index) => ({ label: vscode.l10n.t('layer {0}', index + 1), description: `${formatBytes(d.size)} · ${shortDigest(d.digest)}`, index })),
    { title: vscode.l10n.t('Choose a layer') },
  );
  if (!layer) return undefined;
  return { ...base, key: `${target.key}/layer${layer.index}`, descriptor: image.layers[layer.index], role, index: layer.index };
}
