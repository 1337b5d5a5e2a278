import * as vscode from 'vscode';
import { classifyManifest } from '../../registry/artifactKinds';
import type { Manifest } from '../../registry/types';
import { resolveImage, type ResolvedImage } from '../commands/imageCommands';
import type { Services } from '../services';
import type { ManifestTarget } from '../tree/nodes';

/**
 * The image behind a tag or platform row, for the commands that read its files. An artifact (a
 * signature, an SBOM, a Helm chart…) is refused in plain words: its layers are no root filesystem.
 */
export async function resolveImageWithFiles(services: Services, target: ManifestTarget): Promise<ResolvedImage | undefined> {
  const image = await resolveImage(services, target);
  if (image) refuseArtifact(`${image.repository}${image.reference}`, image.fetched.manifest);
  return image;
}

/** Throws when `manifest` is an artifact's, naming it by `name` and its artifact type (else its config's media type). */
export function refuseArtifact(name: string, manifest: Manifest): void {
  const kind = classifyManifest(manifest);
  if (kind.kind !== 'artifact') return;
  throw new Error(vscode.l10n.t('{0} is an artifact ({1}), not a container image: it has no filesystem', name, kind.artifactType ?? kind.label));
}
