import * as vscode from 'vscode';
import type { ResolvedImage } from '../commands/imageCommands';
import { nodeArguments } from '../commands/nodeArgs';
import { pickManifestTarget } from '../commands/pickers';
import { reportFailure } from '../commands/registerLogged';
import { errorMessage, isCancellation } from '../errors';
import type { ImageDocuments } from '../documents/imageDocuments';
import type { ManifestDocuments } from '../documents/manifestDocuments';
import { hostOf } from '../registryConfig';
import type { Services } from '../services';
import type { ManifestTarget } from '../tree/nodes';
import type { ChangesView, FileComparison } from './changesView';
import type { CommandHandlers } from './commandHandlers';
import { pickOtherTarget, targetText } from './compareTargets';
import type { ImageSources } from './imageSources';
import { resolveImageWithFiles } from './imageWithFiles';
import { imageRootUri } from './openCommands';
import { diffImageFiles } from './service';

/** What a comparison opened: the two diff editors' sides, and what differs file by file. */
export interface Comparison {
  /** `left ↔ right`, in the rows' own words. */
  title: string;
  manifests: [vscode.Uri, vscode.Uri];
  configs: [vscode.Uri, vscode.Uri];
  /** Undefined when the files could not be compared (the reason was shown). */
  files?: FileComparison;
}

/** Where the filesystem diff comes from and goes. */
export interface FileDiffing { sources: ImageSources; changes: ChangesView }

/**
 * Compare With…: two tags or platforms (the two selected rows, or a row and a pick) side by side in
 * the diff editor, their manifests and their configs, each exactly as the registry served it.
 */
export function compareCommand(services: Services, manifests: ManifestDocuments, images: ImageDocuments, diffing: FileDiffing): CommandHandlers {
  return { 'registryExplorer.compareWith': async (clicked?: unknown, selected?: unknown): Promise<Comparison | undefined> => {
    const rows = nodeArguments(clicked, selected, 'tag', 'manifest');
    if (rows.length > 2) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Select one or two tags or platforms to compare, not {0}.', rows.length));
      return undefined;
    }
    const left = rows[0] ?? await pickManifestTarget(services, vscode.l10n.t('Compare with'));
    if (!left) return undefined;
    const right = rows[1] ?? await pickOtherTarget(services, left, targetText(left));
    if (!right) return undefined;
    const before = await resolveImageWithFiles(services, left);
    if (!before) return undefined;
    const after = await resolveImageWithFiles(services, right);
    if (!after) return undefined;
    const comparison = await openComparison(services, manifests, images, [left, before], [right, after]);
    comparison.files = await compareFiles(services, diffing, [before, after], comparison.title);
    return comparison;
  } };
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
    title: vscode.l10n.t('{0} ↔ {1}', names[0], names[1]),
  };
  await vscode.commands.executeCommand('vscode.diff', ...comparison.manifests, vscode.l10n.t('{0} ↔ {1} (manifest)', names[0], names[1]), { preview: false });
  await vscode.commands.executeCommand('vscode.diff', ...comparison.configs, vscode.l10n.t('{0} ↔ {1} (config)', names[0], names[1]), { preview: false });
  return comparison;
}

/** Both images' files, downloaded once per layer, and their differences in the Image Changes view. */
async function compareFiles(services: Services, { sources, changes }: FileDiffing, [before, after]: [ResolvedImage, ResolvedImage], title: string): Promise<FileComparison | undefined> {
  try {
    const beforeFiles = await sources.openImage(before.registry, before.repository, before.fetched);
    const afterFiles = await sources.openImage(after.registry, after.repository, after.fetched);
    const files: FileComparison = { title, before: imageRootUri(before), after: imageRootUri(after), changes: diffImageFiles(beforeFiles, afterFiles) };
    await changes.show(files);
    return files;
  } catch (error) {
    if (isCancellation(error)) return undefined;
    reportFailure(services.log, 'registryExplorer.compareWith', error);
    void vscode.window.showWarningMessage(vscode.l10n.t('The manifests and configs are open; their files could not be compared: {0}', errorMessage(error)));
    return undefined;
  }
}

/** The row's own words, with the platform picked for an index. */
function describe(row: ManifestTarget, image: ResolvedImage): string {
  const platform = /\(([^()]+)\)$/.exec(image.reference)?.[1];
  const text = targetText(row);
  return platform && !text.endsWith(`(${platform})`) ? `${text} (${platform})` : text;
}
