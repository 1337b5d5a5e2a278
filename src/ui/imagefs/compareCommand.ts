import * as vscode from 'vscode';
import { resolveImage, type ResolvedImage } from '../commands/imageCommands';
import { nodeArguments } from '../commands/nodeArgs';
import { pickManifestTarget } from '../commands/pickers';
import { registerLogged } from '../commands/registerLogged';
import type { ImageDocuments } from '../documents/imageDocuments';
import type { ManifestDocuments } from '../documents/manifestDocuments';
import { hostOf } from '../registryConfig';
import type { Services } from '../services';
import type { ManifestTarget } from '../tree/nodes';
import { pickOtherTarget, targetText } from './compareTargets';

/** What a comparison opened: the two diff editors' sides. */
export interface Comparison {
  manifests: [vscode.Uri, vscode.Uri];
  configs: [vscode.Uri, vscode.Uri];
}

/**
 * Compare With…: two tags or platforms (the two selected rows, or a row and a pick) side by side in
 * the diff editor, their manifests and their configs, each exactly as the registry served it.
 */
export function registerCompareCommand(services: Services, manifests: ManifestDocuments, images: ImageDocuments): vscode.Disposable {
  return registerLogged(services.log, 'registryExplorer.compareWith', async (clicked?: unknown, selected?: unknown): Promise<Comparison | undefined> => {
    const rows = nodeArguments(clicked, selected, 'tag', 'manifest');
    if (rows.length > 2) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Select one or two tags or platforms to compare, not {0}.', rows.length));
      return undefined;
    }
    const left = rows[0] ?? await pickManifestTarget(services, vscode.l10n.t('Compare with'));
    if (!left) return undefined;
    const right = rows[1] ?? await pickOtherTarget(services, left, targetText(left));
    if (!right) return undefined;
    const before = await resolveImage(services, left);
    if (!before) return undefined;
    const after = await resolveImage(services, right);
    if (!after) return undefined;
    return openComparison(services, manifests, images, [left, before], [right, after]);
  });
}

async function openComparison(
  services: Services, manifests: ManifestDocuments, images: ImageDocuments,
  [leftRow, left]: [ManifestTarget, ResolvedImage], [rightRow, right]: [ManifestTarget, ResolvedImage],
): Promise<Comparison> {
  const names = [describe(leftRow, left), describe(rightRow, right)];
  const manifestUri = (image: ResolvedImage) => {
    const reference = { kind: 'digest', digest: image.digest } as const;
    const uri = manifests.uriFor(image.registry, image.repository, reference, image.fetched);
    manifests.show(uri, { fetched: image.fetched, registry: image.registry, repository: image.repository, reference });
    return uri;
  };
  const configUri = async (image: ResolvedImage) => {
    const client = await services.clients.get(image.registry);
    const bytes = await client.fetchBlob(image.repository, image.manifest.config);
    const uri = images.uriFor(hostOf(image.registry.url), `${image.repository}${image.reference} config.json`, image.manifest.config.digest);
    images.show(uri, bytes.toString('utf8'));
    return uri;
  };
  const comparison: Comparison = {
    manifests: [manifestUri(left), manifestUri(right)],
    configs: [await configUri(left), await configUri(right)],
  };
  await vscode.commands.executeCommand('vscode.diff', ...comparison.manifests, vscode.l10n.t('{0} ↔ {1} (manifest)', names[0], names[1]), { preview: false });
  await vscode.commands.executeCommand('vscode.diff', ...comparison.configs, vscode.l10n.t('{0} ↔ {1} (config)', names[0], names[1]), { preview: false });
  return comparison;
}

/** The row's own words, with the platform picked for an index. */
function describe(row: ManifestTarget, image: ResolvedImage): string {
  const platform = /\(([^()]+)\)$/.exec(image.reference)?.[1];
  const text = targetText(row);
  return platform && !text.endsWith(`(${platform})`) ? `${text} (${platform})` : text;
}
